import { describe, expect, it } from 'vitest';
import { flowSecondsLeft, untranslatedFlows } from '../../src/cluster/conntrack.js';

const leaked = 'ipv4     2 tcp      6 86388 ESTABLISHED src=172.18.0.3 dst=10.96.217.222 sport=55274 dport=443 src=10.96.217.222 dst=172.18.0.3 sport=443 dport=55274 [ASSURED] mark=0 zone=0 use=2';
const translated = 'ipv4     2 tcp      6 55 SYN_SENT src=172.18.0.4 dst=10.96.44.0 sport=47732 dport=443 [UNREPLIED] src=10.244.1.4 dst=172.18.0.4 sport=10250 dport=41835 mark=0 zone=0 use=2';
const other = 'ipv4     2 tcp      6 10 ESTABLISHED src=10.244.1.2 dst=172.18.0.3 sport=1 dport=6443 src=172.18.0.3 dst=10.244.1.2 sport=6443 dport=1 mark=0 use=1';

describe('untranslated service flows', () => {
  it('finds a flow to a service address answered by that address (no NAT happened)', () => {
    expect(untranslatedFlows([leaked, translated, other].join('\n'), '10.96')).toEqual([leaked]);
  });

  it('ignores flows that kube-proxy translated to a pod', () => {
    expect(untranslatedFlows([translated, other].join('\n'), '10.96.')).toEqual([]);
  });

  it('reads how long conntrack keeps a flow: days when established, seconds when closed', () => {
    expect(flowSecondsLeft(leaked)).toBe(86388);
    expect(flowSecondsLeft(translated)).toBe(55);
    expect(flowSecondsLeft('garbage')).toBeUndefined();
  });
});
