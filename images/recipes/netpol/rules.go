package main

import (
	"encoding/binary"
	"net/netip"

	"github.com/google/nftables"
	"github.com/google/nftables/binaryutil"
	"github.com/google/nftables/expr"
	"github.com/google/nftables/xt"
	"golang.org/x/sys/unix"
)

// The node's table: one nftables transaction replaces it whole, so a sync is atomic.
const (
	tableName = "kindlab-netpol"
	// The IPv4 addresses of this node's pods that some NetworkPolicy selects, by direction
	// (kindlab's clusters are IPv4 only, as kind's default).
	ingressSet = "ingress-policed-v4"
	egressSet  = "egress-policed-v4"
	// xt_NFQ_info_v3.flags: let packets through while no agent listens on the queue (fail open,
	// as kube-network-policies does by default), rather than cut every policed pod off.
	nfqFlagBypass = 0x01
)

// policedPods are this node's pod addresses that NetworkPolicies select, by what they police.
type policedPods struct {
	ingress []netip.Addr // connections to them are decided on this node
	egress  []netip.Addr // connections from them are decided on this node
}

type ruleOptions struct {
	queue uint16
	// Tests run as root on loopback: there the bypass for root's own traffic would hide everything.
	policeRootTraffic bool
}

// nfqueueTarget is xtables' NFQUEUE target, revision 3, used through nft_compat. nftables' own
// `queue` expression (what kube-network-policies emits) needs CONFIG_NFT_QUEUE, which some
// kernels lack, kindlab's build machines among them; the xtables target is what `iptables -j
// NFQUEUE` uses, so every kernel that runs iptables-nft has it. Its info is struct
// xt_NFQ_info_v3 {u16 queuenum; u16 queues_total; u16 flags}, padded to 8 bytes as iptables does.
func nfqueueTarget(queue uint16) *expr.Target {
	info := make(xt.Unknown, 8)
	binary.NativeEndian.PutUint16(info[0:], queue)
	binary.NativeEndian.PutUint16(info[2:], 1)
	binary.NativeEndian.PutUint16(info[4:], nfqFlagBypass)
	return &expr.Target{Name: "NFQUEUE", Rev: 3, Info: &info}
}

// writeTable queues the table's replacement on the connection (nft.Flush sends it): the first
// packet of each new connection to an ingress-policed pod or from an egress-policed one goes to
// user space, where the policy engine decides; every later packet of an accepted connection is
// established and passes in the kernel. So a policy applies to new connections, and allowed
// traffic pays once per connection.
func writeTable(nft *nftables.Conn, policed policedPods, o ruleOptions) {
	table := &nftables.Table{Name: tableName, Family: nftables.TableFamilyINet}
	// Add, delete, add: the table is emptied whether or not it existed, in the same transaction.
	nft.AddTable(table)
	nft.DelTable(table)
	nft.AddTable(table)

	// AddSet fails only for an anonymous set.
	_ = nft.AddSet(setOf(table, ingressSet), elementsOf(policed.ingress))
	_ = nft.AddSet(setOf(table, egressSet), elementsOf(policed.egress))

	// After DNAT (a Service's address is already the pod's), before SNAT (the source is still the
	// pod's): kube-network-policies hooks there for the same reason.
	postrouting := nft.AddChain(&nftables.Chain{
		Name: "postrouting", Table: table, Type: nftables.ChainTypeFilter,
		Hooknum: nftables.ChainHookPostrouting, Priority: nftables.ChainPriorityRef(*nftables.ChainPriorityNATSource - 5),
	})
	for _, exprs := range postroutingRules(o) {
		nft.AddRule(&nftables.Rule{Table: table, Chain: postrouting, Exprs: exprs})
	}
	// A pod's connections to its own node (egress policies) are delivered locally, never routed.
	input := nft.AddChain(&nftables.Chain{
		Name: "input", Table: table, Type: nftables.ChainTypeFilter,
		Hooknum: nftables.ChainHookInput, Priority: nftables.ChainPriorityRef(*nftables.ChainPriorityNATSource + 1),
	})
	for _, exprs := range inputRules(o) {
		nft.AddRule(&nftables.Rule{Table: table, Chain: input, Exprs: exprs})
	}
}

// writePolicedSets queues the replacement of the policed sets alone: the chains stay, so the
// packets waiting in the queue at that moment are answered. Replacing the table would unregister
// its hooks, and the kernel drops what is queued on a hook that goes: a connection then waits for
// its SYN's retransmission (a second).
func writePolicedSets(nft *nftables.Conn, policed policedPods) error {
	table := &nftables.Table{Name: tableName, Family: nftables.TableFamilyINet}
	for name, ips := range map[string][]netip.Addr{ingressSet: policed.ingress, egressSet: policed.egress} {
		set := setOf(table, name)
		nft.FlushSet(set)
		if err := nft.SetAddElements(set, elementsOf(ips)); err != nil {
			return err
		}
	}
	return nil
}

func setOf(table *nftables.Table, name string) *nftables.Set {
	return &nftables.Set{Table: table, Name: name, KeyType: nftables.TypeIPAddr}
}

func elementsOf(ips []netip.Addr) []nftables.SetElement {
	elements := make([]nftables.SetElement, 0, len(ips))
	for _, ip := range ips {
		if ip.Is4() {
			elements = append(elements, nftables.SetElement{Key: ip.AsSlice()})
		}
	}
	return elements
}

func postroutingRules(o ruleOptions) [][]expr.Any {
	rules := [][]expr.Any{
		// DNS stays open: racing A/AAAA queries on one socket lose packets when queued
		// (netfilter bug 1766, which kube-network-policies works around the same way).
		append(matchUDPPort(53), accept()),
	}
	if !o.policeRootTraffic {
		// The node's own root processes (the kubelet's probes) are never policed, as upstream.
		rules = append(rules, []expr.Any{
			&expr.Meta{Key: expr.MetaKeySKUID, Register: 1},
			&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{0, 0, 0, 0}},
			accept(),
		})
	}
	return append(rules,
		queueNew(o.queue, ipv4AddrOffsetSource, egressSet),
		queueNew(o.queue, ipv4AddrOffsetDestination, ingressSet),
	)
}

func inputRules(o ruleOptions) [][]expr.Any {
	rules := [][]expr.Any{}
	if !o.policeRootTraffic {
		rules = append(rules, []expr.Any{
			&expr.Meta{Key: expr.MetaKeyIIFNAME, Register: 1},
			&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: ifname("lo")},
			accept(),
		})
	}
	return append(rules, queueNew(o.queue, ipv4AddrOffsetSource, egressSet))
}

const (
	ipv4AddrOffsetSource      = 12
	ipv4AddrOffsetDestination = 16
)

// queueNew: an IPv4 packet whose address at `offset` is in the set, and that opens a
// connection, goes to the queue.
func queueNew(queue uint16, offset uint32, set string) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: expr.MetaKeyNFPROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{unix.NFPROTO_IPV4}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: offset, Len: 4},
		&expr.Lookup{SourceRegister: 1, SetName: set},
		&expr.Ct{Register: 1, Key: expr.CtKeySTATE},
		&expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4, Mask: binaryutil.NativeEndian.PutUint32(expr.CtStateBitNEW), Xor: make([]byte, 4)},
		&expr.Cmp{Op: expr.CmpOpNeq, Register: 1, Data: make([]byte, 4)},
		&expr.Counter{},
		nfqueueTarget(queue),
	}
}

func matchUDPPort(port uint16) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: expr.MetaKeyL4PROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{unix.IPPROTO_UDP}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.BigEndian.PutUint16(port)},
	}
}

func accept() expr.Any { return &expr.Verdict{Kind: expr.VerdictAccept} }

// ifname pads an interface name to IFNAMSIZ, as the kernel compares it.
func ifname(name string) []byte {
	b := make([]byte, unix.IFNAMSIZ)
	copy(b, name)
	return b
}
