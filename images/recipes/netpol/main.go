// Command netpol enforces Kubernetes NetworkPolicy on the nodes of kindlab's offline node image.
//
// kind's published node image enforces NetworkPolicy in its CNI agent (kindnetd), which embeds
// sigs.k8s.io/kube-network-policies; kindlab's offline image has its own agent (node-net), which
// does not. This agent runs the same policy engine, kube-network-policies' own: the first packet
// of each new connection to a pod that an ingress policy selects, or from one that an egress
// policy selects, goes to user space through a netfilter queue on that pod's node, and the engine,
// fed by watches of pods, namespaces and policies, accepts or drops it. Only the dataplane is
// kindlab's: packets are queued through xtables' NFQUEUE target (see nfqueueTarget), so that it
// also enforces on kernels without nftables' queue expression, kindlab's build machines among
// them, and each connection is decided at one end only (see policedOnNode). Policy changes apply
// to new connections; established ones keep going.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"sigs.k8s.io/kube-network-policies/pkg/api"
	"sigs.k8s.io/kube-network-policies/pkg/network"
	"sigs.k8s.io/kube-network-policies/pkg/networkpolicy"
	"sigs.k8s.io/kube-network-policies/pkg/podinfo"
)

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	queue := flag.Uint("nfqueue-id", 98, "the netfilter queue number (upstream's install manifest uses 98)")
	flag.Parse()
	node := os.Getenv("NODE_NAME")
	if node == "" {
		log.Fatal("netpol: NODE_NAME is not set (use the downward API: spec.nodeName)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, node, uint16(*queue)); err != nil {
		log.Fatalf("netpol: %v", err)
	}
	log.Print("netpol: stopping")
}

func run(ctx context.Context, node string, queue uint16) error {
	config, err := rest.InClusterConfig()
	if err != nil {
		return err
	}
	config.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	config.ContentType = "application/vnd.kubernetes.protobuf"
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(client, 0)
	namespaces := factory.Core().V1().Namespaces()
	policies := factory.Networking().V1().NetworkPolicies()
	pods := factory.Core().V1().Pods()
	// Managed fields are most of a pod's size and nothing the engine reads.
	if err := pods.Informer().SetTransform(func(obj any) (any, error) {
		if accessor, err := meta.Accessor(obj); err == nil {
			accessor.SetManagedFields(nil)
		}
		return obj, nil
	}); err != nil {
		return err
	}
	byIP, err := podinfo.NewInformerResolver(pods.Informer())
	if err != nil {
		return err
	}
	standard := networkpolicy.NewStandardNetworkPolicy(node, namespaces, pods, policies)
	engine := networkpolicy.NewPolicyEngine(podinfo.NewInformerProvider(pods, namespaces, nil, []podinfo.IPResolver{byIP}), []api.PolicyEvaluator{standard})

	decide := func(ctx context.Context, p *network.Packet) bool {
		allowed, err := engine.EvaluatePacket(ctx, p)
		if err != nil {
			log.Printf("netpol: evaluating %s:%d -> %s:%d: %v (let through)", p.SrcIP, p.SrcPort, p.DstIP, p.DstPort, err)
			return true
		}
		return allowed
	}
	policed := func(context.Context) (policedPods, error) {
		all, err := policies.Lister().List(labels.Everything())
		if err != nil {
			return policedPods{}, err
		}
		return policedOnNode(node, all, func(namespace string, selector labels.Selector) ([]*v1.Pod, error) {
			return pods.Lister().Pods(namespace).List(selector)
		})
	}
	plane := newDataplane(ruleOptions{queue: queue}, decide, policed)
	// The evaluator calls it on each change of a local pod or policy that matters to it.
	engine.SetDataplaneSyncCallbacks(plane.trigger)

	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), pods.Informer().HasSynced, namespaces.Informer().HasSynced, policies.Informer().HasSynced) {
		return ctx.Err()
	}
	// Rules that queue to no listener would let everything through (bypass): listen first.
	closeQueue, err := plane.listen(ctx)
	for err != nil {
		log.Printf("netpol: NOT enforcing NetworkPolicy on node %s: %v (retrying in 5s)", node, err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(5 * time.Second):
		}
		closeQueue, err = plane.listen(ctx)
	}
	defer closeQueue()
	plane.keepSynced(ctx, node, 100*time.Millisecond, 5*time.Second, 30*time.Second)
	if err := removeTable(); err != nil {
		log.Printf("netpol: removing table %s: %v", tableName, err)
	}
	return nil
}
