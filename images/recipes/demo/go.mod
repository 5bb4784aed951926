module kindlab.local/demo

go 1.22
