package main

import (
	"context"
	"encoding/json"
	"log"
	"regexp"
)

const guardChain = "KINDLAB-SVC-GUARD"

// Service virtual IPs exist only in kube-proxy's NAT rules. A packet to one that was not
// translated (sent in the instant before kube-proxy wrote its rules, or on a connection opened
// then) would follow the node's default route out of the cluster, to the host's network. This
// guard rejects such packets on the node, so service traffic never leaves the cluster.
// Translated packets carry a pod address by the time the filter table sees them.
func ensureServiceGuard(serviceSubnet string) error {
	_ = run("iptables", "-N", guardChain)
	rules := [][]string{
		{"-F", guardChain},
		{"-A", guardChain, "-d", serviceSubnet, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"},
		{"-A", guardChain, "-d", serviceSubnet, "-j", "REJECT"},
	}
	for _, r := range rules {
		if err := run("iptables", r...); err != nil {
			return err
		}
	}
	for _, hook := range []string{"OUTPUT", "FORWARD"} {
		jump := []string{hook, "-m", "comment", "--comment", "kindlab: untranslated service traffic stays in the cluster", "-j", guardChain}
		if err := run("iptables", append([]string{"-C"}, jump...)...); err != nil {
			if err := run("iptables", append([]string{"-A"}, jump...)...); err != nil {
				return err
			}
		}
	}
	log.Printf("node-net: service addresses %s never leave the node untranslated", serviceSubnet)
	return nil
}

var serviceSubnetLine = regexp.MustCompile(`(?m)^\s*serviceSubnet:\s*"?([0-9a-fA-F.:/,]+)"?\s*$`)

// serviceSubnet reads the cluster's service range from kubeadm's ClusterConfiguration.
func (a *apiClient) serviceSubnet(ctx context.Context) (string, error) {
	resp, err := a.get(ctx, "/api/v1/namespaces/kube-system/configmaps/kubeadm-config")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var cm struct {
		Data map[string]string `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cm); err != nil {
		return "", err
	}
	m := serviceSubnetLine.FindStringSubmatch(cm.Data["ClusterConfiguration"])
	if m == nil {
		return "", errorf("no serviceSubnet in kubeadm's ClusterConfiguration")
	}
	return m[1], nil
}
