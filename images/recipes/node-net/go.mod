module kindlab.local/node-net

go 1.22
