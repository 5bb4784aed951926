package main

import (
	"encoding/json"
	"testing"
)

func TestCNIConfigUsesTheNodesPodRange(t *testing.T) {
	raw, err := cniConfig("10.244.1.0/24")
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		Plugins []struct {
			Type string `json:"type"`
			IPAM struct {
				Ranges [][]struct {
					Subnet string `json:"subnet"`
				} `json:"ranges"`
			} `json:"ipam"`
		} `json:"plugins"`
	}
	if err := json.Unmarshal(raw, &conf); err != nil {
		t.Fatal(err)
	}
	if len(conf.Plugins) != 2 || conf.Plugins[0].Type != "ptp" || conf.Plugins[1].Type != "portmap" {
		t.Fatalf("plugins: %+v", conf.Plugins)
	}
	if got := conf.Plugins[0].IPAM.Ranges[0][0].Subnet; got != "10.244.1.0/24" {
		t.Fatalf("subnet %q", got)
	}
}

func TestInternalIP(t *testing.T) {
	var n node
	if err := json.Unmarshal([]byte(`{"status":{"addresses":[{"type":"Hostname","address":"w1"},{"type":"InternalIP","address":"172.18.0.3"}]}}`), &n); err != nil {
		t.Fatal(err)
	}
	if n.internalIP() != "172.18.0.3" {
		t.Fatalf("got %q", n.internalIP())
	}
}

func TestServiceSubnetIsReadFromKubeadmConfig(t *testing.T) {
	text := "apiServer:\n  certSANs:\n  - localhost\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/16\n"
	m := serviceSubnetLine.FindStringSubmatch(text)
	if m == nil || m[1] != "10.96.0.0/16" {
		t.Fatalf("got %v", m)
	}
}
