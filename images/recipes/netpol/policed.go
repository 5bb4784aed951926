package main

import (
	"net/netip"

	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// podsFunc lists a namespace's pods that a selector matches (an informer's lister, in the agent).
type podsFunc func(namespace string, selector labels.Selector) ([]*v1.Pod, error)

// policedOnNode lists this node's pods that some NetworkPolicy selects, by the direction the policy
// covers (its policyTypes, which the API server always fills in). A connection then goes to the
// engine on the node of the pod whose policy it may break: its source's for egress, its
// destination's for ingress. kube-network-policies queues every connection from or to any selected
// pod, so an ingress-only policy (a class's isolation) costs a decision at both ends; here, one.
// The engine still checks both directions at that decision, as upstream.
func policedOnNode(node string, policies []*networkingv1.NetworkPolicy, podsOf podsFunc) (policedPods, error) {
	ingress, egress := map[netip.Addr]bool{}, map[netip.Addr]bool{}
	for _, policy := range policies {
		selector, err := metav1.LabelSelectorAsSelector(&policy.Spec.PodSelector)
		if err != nil {
			continue // the API server validates selectors: never here
		}
		pods, err := podsOf(policy.Namespace, selector)
		if err != nil {
			return policedPods{}, err
		}
		for _, pod := range pods {
			// Host-network pods have the node's address: no policy applies to them (as upstream).
			if pod.Spec.NodeName != node || pod.Spec.HostNetwork {
				continue
			}
			for _, podIP := range pod.Status.PodIPs {
				ip, err := netip.ParseAddr(podIP.IP)
				if err != nil {
					continue
				}
				for _, t := range policy.Spec.PolicyTypes {
					switch t {
					case networkingv1.PolicyTypeIngress:
						ingress[ip] = true
					case networkingv1.PolicyTypeEgress:
						egress[ip] = true
					}
				}
			}
		}
	}
	return policedPods{ingress: keys(ingress), egress: keys(egress)}, nil
}

func keys(set map[netip.Addr]bool) []netip.Addr {
	out := make([]netip.Addr, 0, len(set))
	for ip := range set {
		out = append(out, ip)
	}
	return out
}
