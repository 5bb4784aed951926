package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	nfqueue "github.com/florianl/go-nfqueue/v2"
	"github.com/google/nftables"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
	"sigs.k8s.io/kube-network-policies/pkg/network"
)

// decideFunc says whether a connection's first packet may pass.
type decideFunc func(ctx context.Context, p *network.Packet) bool

// dataplane owns the node's table and the queue's listener.
type dataplane struct {
	rules  ruleOptions
	decide decideFunc
	// What is policed right now, read at each sync.
	policed func(ctx context.Context) (policedPods, error)
	kick    chan struct{}
	// Whether the table is in place: later syncs then only replace the policed set.
	installed bool
}

func newDataplane(rules ruleOptions, decide decideFunc, policed func(context.Context) (policedPods, error)) *dataplane {
	return &dataplane{rules: rules, decide: decide, policed: policed, kick: make(chan struct{}, 1)}
}

// listen opens the queue and answers each queued packet until ctx ends. It returns once the
// listener is registered, so rules installed afterwards never queue to nobody.
func (d *dataplane) listen(ctx context.Context) (func(), error) {
	nf, err := nfqueue.Open(&nfqueue.Config{
		NfQueue: d.rules.queue,
		// GSO: take offloaded packets as they are (normalizing them is costly); fail open when
		// the queue is full rather than drop allowed traffic.
		Flags:        nfqueue.NfQaCfgFlagGSO | nfqueue.NfQaCfgFlagFailOpen,
		MaxPacketLen: 128, // the headers are all the engine reads
		MaxQueueLen:  1024,
		Copymode:     nfqueue.NfQnlCopyPacket,
		WriteTimeout: 100 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("opening netfilter queue %d: %w", d.rules.queue, err)
	}
	answer := func(a nfqueue.Attribute) int {
		if a.PacketID == nil || a.Payload == nil {
			return 0
		}
		verdict := nfqueue.NfAccept // a packet it cannot read is let through, as upstream fails open
		if packet, err := network.ParsePacket(*a.Payload); err == nil {
			packet.ID = *a.PacketID
			if !d.decide(ctx, &packet) {
				verdict = nfqueue.NfDrop
			}
		}
		if err := nf.SetVerdict(*a.PacketID, verdict); err != nil {
			log.Printf("netpol: verdict for packet %d: %v", *a.PacketID, err)
		}
		return 0
	}
	onError := func(err error) int {
		var op *netlink.OpError
		if errors.As(err, &op) && (op.Timeout() || op.Temporary()) {
			return 0
		}
		// Closed: stop reading. Anything else (a full socket buffer under load): keep answering.
		if ctx.Err() != nil || errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrClosed) || errors.Is(err, unix.EBADF) {
			return 1
		}
		log.Printf("netpol: reading the queue: %v", err)
		return 0
	}
	if err := nf.RegisterWithErrorFunc(ctx, answer, onError); err != nil {
		nf.Close()
		return nil, fmt.Errorf("listening on netfilter queue %d: %w", d.rules.queue, err)
	}
	return func() { nf.Close() }, nil
}

// sync brings the node's table up to date with the pods policed now: the whole table the first
// time (or when it went missing), the policed set alone afterwards.
func (d *dataplane) sync(ctx context.Context) error {
	policed, err := d.policed(ctx)
	if err != nil {
		return err
	}
	if d.installed {
		nft, err := nftables.New()
		if err != nil {
			return fmt.Errorf("nftables: %w", err)
		}
		if err := writePolicedSets(nft, policed); err == nil && nft.Flush() == nil {
			return nil
		}
		d.installed = false // removed behind our back: install it whole again
	}
	nft, err := nftables.New()
	if err != nil {
		return fmt.Errorf("nftables: %w", err)
	}
	writeTable(nft, policed, d.rules)
	if err := nft.Flush(); err != nil {
		return fmt.Errorf("installing table %s: %w", tableName, err)
	}
	d.installed = true
	return nil
}

// trigger asks for a sync; triggers that come while one is pending make one sync.
func (d *dataplane) trigger() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// keepSynced syncs at once, then on each trigger (at most every minInterval, so a burst of pod
// events makes one sync) and every resync in case an event was missed. A failed sync is retried
// every retry; the agent keeps running meanwhile (a crash loop in kube-system would make the
// cluster look broken), and says in its log whether it enforces, each time that changes.
func (d *dataplane) keepSynced(ctx context.Context, node string, minInterval, retry, resync time.Duration) {
	ticker := time.NewTicker(resync)
	defer ticker.Stop()
	var retryAfter <-chan time.Time
	enforcing := false
	d.trigger()
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.kick:
		case <-ticker.C:
		case <-retryAfter:
		}
		retryAfter = nil
		if err := d.sync(ctx); err != nil {
			log.Printf("netpol: NOT enforcing NetworkPolicy on node %s: %v (retrying in %s)", node, err, retry)
			enforcing = false
			retryAfter = time.After(retry)
		} else if !enforcing {
			log.Printf("netpol: enforcing NetworkPolicy on node %s (netfilter queue %d)", node, d.rules.queue)
			enforcing = true
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(minInterval):
		}
	}
}

// remove deletes the node's table: with no agent, nothing is policed (as with no listener on
// the bypass queue), and a removed add-on leaves nothing behind.
func removeTable() error {
	nft, err := nftables.New()
	if err != nil {
		return err
	}
	nft.DelTable(&nftables.Table{Name: tableName, Family: nftables.TableFamilyINet})
	return nft.Flush()
}
