package main

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/nftables/expr"
	"github.com/google/nftables/xt"
	"golang.org/x/sys/unix"
	"sigs.k8s.io/kube-network-policies/pkg/network"
)

func TestNFQueueTargetIsXtablesRevision3WithBypass(t *testing.T) {
	target := nfqueueTarget(98)
	if target.Name != "NFQUEUE" || target.Rev != 3 {
		t.Fatalf("target %s rev %d", target.Name, target.Rev)
	}
	info := *target.Info.(*xt.Unknown)
	// queuenum 98, queues_total 1, flags bypass, padding: host order (little endian on amd64/arm64).
	want := []byte{98, 0, 1, 0, 1, 0, 0, 0}
	if !bytes.Equal(info, want) {
		t.Fatalf("info % x, want % x", info, want)
	}
}

func TestOnlyNewConnectionsOfPolicedPodsAreQueued(t *testing.T) {
	rules := postroutingRules(ruleOptions{queue: 98})
	// DNS accept, root accept, then the egress-policed source and the ingress-policed
	// destination lookups, which end in the queue.
	if len(rules) != 4 {
		t.Fatalf("%d postrouting rules", len(rules))
	}
	for i, want := range []struct {
		offset uint32
		set    string
	}{{ipv4AddrOffsetSource, egressSet}, {ipv4AddrOffsetDestination, ingressSet}} {
		rule := rules[2+i]
		payload := rule[2].(*expr.Payload)
		lookup := rule[3].(*expr.Lookup)
		ct := rule[4].(*expr.Ct)
		if payload.Offset != want.offset || lookup.SetName != want.set || ct.Key != expr.CtKeySTATE {
			t.Fatalf("rule %d: offset %d set %s ct %v", i, payload.Offset, lookup.SetName, ct.Key)
		}
		if target, ok := rule[len(rule)-1].(*expr.Target); !ok || target.Name != "NFQUEUE" {
			t.Fatalf("rule %d does not end in the NFQUEUE target", i)
		}
	}
	if got := len(postroutingRules(ruleOptions{queue: 98, policeRootTraffic: true})); got != 3 {
		t.Fatalf("with root traffic policed: %d rules", got)
	}
}

// The whole dataplane on this machine's kernel, in a network namespace of its own: the table is
// accepted, queued connections reach the decision, a denied one times out, an allowed one
// connects. Needs root (CI and kindlab's build machines are); skipped otherwise.
func TestKernelQueuesAndDropsWhatIsDenied(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a network namespace")
	}
	runtime.LockOSThread() // never unlocked: the thread ends with the test, its namespace too
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		t.Skipf("no network namespace: %v", err)
	}
	loopbackUp(t)
	allowed, denied := listen(t), listen(t)
	deniedPort := denied.Addr().(*net.TCPAddr).Port

	ctx, cancel := context.WithCancel(context.Background())
	var decisions atomic.Int32
	decide := func(_ context.Context, p *network.Packet) bool {
		decisions.Add(1)
		return p.DstPort != deniedPort
	}
	addresses := policedPods{ingress: []netip.Addr{netip.MustParseAddr("127.0.0.1")}}
	policed := func(context.Context) (policedPods, error) { return addresses, nil }
	plane := newDataplane(ruleOptions{queue: 98, policeRootTraffic: true}, decide, policed)
	closeQueue, err := plane.listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel() // first, so the listener knows its socket closes on purpose
		closeQueue()
	}()
	if err := plane.sync(ctx); err != nil {
		t.Fatalf("the kernel refused the table: %v", err)
	}
	if conn, err := net.DialTimeout("tcp", allowed.Addr().String(), time.Second); err != nil {
		t.Fatalf("allowed connection: %v", err)
	} else {
		conn.Close()
	}
	if conn, err := net.DialTimeout("tcp", denied.Addr().String(), 300*time.Millisecond); err == nil {
		conn.Close()
		t.Fatal("denied connection connected")
	}
	if n := decisions.Load(); n < 2 {
		t.Fatalf("%d packets reached the decision", n)
	}
	// Nothing policed any more (the set alone is replaced): the denied port connects.
	addresses = policedPods{}
	if err := plane.sync(ctx); err != nil {
		t.Fatalf("updating the policed set: %v", err)
	}
	if conn, err := net.DialTimeout("tcp", denied.Addr().String(), time.Second); err != nil {
		t.Fatalf("no longer policed, yet: %v", err)
	} else {
		conn.Close()
	}
	// The table removed behind the agent's back comes back whole at the next sync.
	if err := removeTable(); err != nil {
		t.Fatal(err)
	}
	addresses = policedPods{egress: []netip.Addr{netip.MustParseAddr("127.0.0.1")}}
	if err := plane.sync(ctx); err != nil {
		t.Fatalf("reinstalling the table: %v", err)
	}
	if conn, err := net.DialTimeout("tcp", denied.Addr().String(), 300*time.Millisecond); err == nil {
		conn.Close()
		t.Fatal("denied connection connected after the table came back")
	}
	if err := removeTable(); err != nil {
		t.Fatal(err)
	}
}

func loopbackUp(t *testing.T) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		t.Fatal(err)
	}
	ifr.SetUint16(unix.IFF_UP | unix.IFF_LOOPBACK | unix.IFF_RUNNING)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		t.Fatal(err)
	}
}

func listen(t *testing.T) net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l
}
