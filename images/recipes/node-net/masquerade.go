package main

import "log"

const masqChain = "KINDLAB-MASQ"

// ensureMasquerade makes traffic from pods to anything outside the pod network leave with the
// node's address, so the Docker network (DNS, the host) can answer it. Pod-to-pod traffic keeps
// its source address.
func ensureMasquerade(podSubnet string) error {
	// -N fails when the chain exists: that is fine, it is flushed and refilled below.
	_ = run("iptables", "-t", "nat", "-N", masqChain)
	steps := [][]string{
		{"-t", "nat", "-F", masqChain},
		{"-t", "nat", "-A", masqChain, "-d", podSubnet, "-j", "RETURN"},
		{"-t", "nat", "-A", masqChain, "-j", "MASQUERADE"},
	}
	for _, s := range steps {
		if err := run("iptables", s...); err != nil {
			return err
		}
	}
	rule := []string{"POSTROUTING", "-s", podSubnet, "-m", "comment", "--comment", "kindlab pod egress", "-j", masqChain}
	if err := run("iptables", append([]string{"-t", "nat", "-C"}, rule...)...); err != nil {
		if err := run("iptables", append([]string{"-t", "nat", "-A"}, rule...)...); err != nil {
			return err
		}
	}
	log.Printf("node-net: masquerading traffic from %s that leaves the pod network", podSubnet)
	return nil
}
