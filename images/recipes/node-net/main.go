// Command node-net is the pod-network agent of kindlab's offline node image.
//
// kind's own agent (kindnetd) is not published as a Go module, so the offline node image ships
// this small equivalent. On every node it:
//   - writes the CNI config for the node's pod range (ptp + host-local + portmap),
//   - routes every other node's pod range through that node's IP,
//   - masquerades traffic that leaves the pod network (to the Docker network and beyond).
//
// It watches Node objects through the API server (list, then watch from the list's
// resourceVersion) and also resyncs periodically, so routes come back if they are lost.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	cfg, err := configFromEnv()
	if err != nil {
		log.Fatalf("node-net: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if err := ensureMasquerade(cfg.podSubnet); err != nil {
		log.Fatalf("node-net: masquerade rules: %v", err)
	}
	api, err := newAPIClient(cfg.apiServer)
	if err != nil {
		log.Fatalf("node-net: %v", err)
	}
	subnet, err := api.serviceSubnet(ctx)
	if err != nil {
		subnet = defaultServiceSubnet
		log.Printf("node-net: cannot read the service range (%v); using kind's default %s", err, subnet)
	}
	if err := ensureServiceGuard(subnet); err != nil {
		log.Fatalf("node-net: service guard: %v", err)
	}
	r := &reconciler{cfg: cfg, routes: map[string]string{}}
	for ctx.Err() == nil {
		if err := api.listAndWatchNodes(ctx, r.reconcile); err != nil && ctx.Err() == nil {
			log.Printf("node-net: watch ended: %v (retrying in 2s)", err)
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Second):
			}
		}
	}
	log.Print("node-net: stopping")
}

// kind's default service range, used when kubeadm's configuration cannot be read.
const defaultServiceSubnet = "10.96.0.0/16"

type config struct {
	nodeName  string
	podSubnet string
	apiServer string // https://host:port
	cniDir    string
}

func configFromEnv() (config, error) {
	c := config{
		nodeName:  os.Getenv("NODE_NAME"),
		podSubnet: os.Getenv("POD_SUBNET"),
		cniDir:    envOr("CNI_CONF_DIR", "/etc/cni/net.d"),
	}
	if c.nodeName == "" {
		return c, errorf("NODE_NAME is not set (use the downward API: spec.nodeName)")
	}
	if c.podSubnet == "" {
		return c, errorf("POD_SUBNET is not set")
	}
	// kind patches CONTROL_PLANE_ENDPOINT in so the agent does not depend on kube-proxy.
	if ep := os.Getenv("CONTROL_PLANE_ENDPOINT"); ep != "" {
		c.apiServer = "https://" + ep
	} else {
		host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
		if host == "" || port == "" {
			return c, errorf("neither CONTROL_PLANE_ENDPOINT nor KUBERNETES_SERVICE_HOST/PORT is set")
		}
		c.apiServer = "https://" + host + ":" + port
	}
	return c, nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
