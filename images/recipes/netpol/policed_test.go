package main

import (
	"net/netip"
	"slices"
	"testing"

	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

func pod(name, node, ip string, hostNetwork bool, podLabels map[string]string) *v1.Pod {
	return &v1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", Labels: podLabels},
		Spec:       v1.PodSpec{NodeName: node, HostNetwork: hostNetwork},
		Status:     v1.PodStatus{PodIPs: []v1.PodIP{{IP: ip}}},
	}
}

func policy(selector map[string]string, types ...networkingv1.PolicyType) *networkingv1.NetworkPolicy {
	return &networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"},
		Spec:       networkingv1.NetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: selector}, PolicyTypes: types},
	}
}

func TestPolicedPodsAreThisNodesSelectedPodsByDirection(t *testing.T) {
	all := []*v1.Pod{
		pod("web", "n1", "10.244.1.2", false, map[string]string{"app": "web"}),
		pod("job", "n1", "10.244.1.3", false, map[string]string{"app": "job"}),
		pod("remote", "n2", "10.244.2.2", false, map[string]string{"app": "web"}),
		pod("host", "n1", "172.18.0.2", true, map[string]string{"app": "web"}),
	}
	podsOf := func(namespace string, selector labels.Selector) ([]*v1.Pod, error) {
		var out []*v1.Pod
		for _, p := range all {
			if p.Namespace == namespace && selector.Matches(labels.Set(p.Labels)) {
				out = append(out, p)
			}
		}
		return out, nil
	}
	policies := []*networkingv1.NetworkPolicy{
		policy(map[string]string{"app": "web"}, networkingv1.PolicyTypeIngress),
		policy(map[string]string{"app": "job"}, networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress),
	}
	got, err := policedOnNode("n1", policies, podsOf)
	if err != nil {
		t.Fatal(err)
	}
	sorted := func(ips []netip.Addr) []string {
		out := []string{}
		for _, ip := range ips {
			out = append(out, ip.String())
		}
		slices.Sort(out)
		return out
	}
	// Not the pod on another node, nor the host-network one; egress only where a policy says so.
	if ingress := sorted(got.ingress); !slices.Equal(ingress, []string{"10.244.1.2", "10.244.1.3"}) {
		t.Fatalf("ingress %v", ingress)
	}
	if egress := sorted(got.egress); !slices.Equal(egress, []string{"10.244.1.3"}) {
		t.Fatalf("egress %v", egress)
	}
}
