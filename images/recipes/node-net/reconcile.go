package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

type reconciler struct {
	cfg     config
	cniConf []byte
	routes  map[string]string // pod CIDR -> gateway (node IP) installed by this agent
}

// reconcile brings this node's CNI config and routes in line with the given node set.
func (r *reconciler) reconcile(nodes map[string]node) {
	self, ok := nodes[r.cfg.nodeName]
	if !ok || self.Spec.PodCIDR == "" {
		log.Printf("node-net: waiting for node %s to get a pod CIDR", r.cfg.nodeName)
		return
	}
	if err := r.writeCNIConfig(self.Spec.PodCIDR); err != nil {
		log.Printf("node-net: writing CNI config: %v", err)
	}
	wanted := map[string]string{}
	for name, n := range nodes {
		if name == r.cfg.nodeName || n.Spec.PodCIDR == "" || n.internalIP() == "" {
			continue
		}
		wanted[n.Spec.PodCIDR] = n.internalIP()
	}
	for cidr, gw := range wanted {
		// "replace" is idempotent and also repairs a route that was removed behind our back.
		if err := run("ip", "route", "replace", cidr, "via", gw); err != nil {
			log.Printf("node-net: route %s via %s: %v", cidr, gw, err)
			continue
		}
		if r.routes[cidr] != gw {
			log.Printf("node-net: route %s via %s", cidr, gw)
		}
	}
	for cidr := range r.routes {
		if _, still := wanted[cidr]; !still {
			if err := run("ip", "route", "del", cidr); err != nil {
				log.Printf("node-net: removing route %s: %v", cidr, err)
			} else {
				log.Printf("node-net: removed route %s", cidr)
			}
		}
	}
	r.routes = wanted
}

func (r *reconciler) writeCNIConfig(podCIDR string) error {
	conf, err := cniConfig(podCIDR)
	if err != nil {
		return err
	}
	path := filepath.Join(r.cfg.cniDir, "10-kindlab.conflist")
	if bytes.Equal(conf, r.cniConf) {
		if current, err := os.ReadFile(path); err == nil && bytes.Equal(current, conf) {
			return nil
		}
	}
	// Write then rename: the runtime watches this folder and must never read half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, conf, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	r.cniConf = conf
	log.Printf("node-net: wrote %s for pod CIDR %s", path, podCIDR)
	return nil
}

// cniConfig is a point-to-point veth per pod, addresses from the node's pod CIDR, and hostPort
// support; the same plugins kind's own agent configures.
func cniConfig(podCIDR string) ([]byte, error) {
	conf := map[string]any{
		"cniVersion": "0.4.0",
		"name":       "kindlab",
		"plugins": []any{
			map[string]any{
				"type":   "ptp",
				"ipMasq": false,
				"mtu":    1500,
				"ipam": map[string]any{
					"type":   "host-local",
					"ranges": []any{[]any{map[string]any{"subnet": podCIDR}}},
					"routes": []any{map[string]any{"dst": "0.0.0.0/0"}},
				},
			},
			map[string]any{"type": "portmap", "capabilities": map[string]bool{"portMappings": true}},
		},
	}
	return json.MarshalIndent(conf, "", "  ")
}

func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
