import { autoscalers, report, subjectOf, type Context } from './findings.js';
import { record } from './workloads.js';
import { selectorSelects, selectorString, type LabelSelector } from '../kube/selectors.js';

/** The rules about what runs: pod templates, replicas, images, probes and resources. */
export const podRules: Array<(ctx: Context) => void> = [
  function selectorMatchesTemplate(ctx) {
    for (const w of ctx.workloads.filter((x) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(x.kind))) {
      // matchLabels and matchExpressions, as the API server reads the selector.
      const selector = record(record(w.manifest.object.spec).selector) as LabelSelector;
      if (!selectorSelects(selector, w.template.labels)) {
        const shown = selectorString(selector) || '{}';
        report(ctx, 'error', 'selector-mismatch', w.manifest, subjectOf(w.manifest),
          { en: `spec.selector ${shown} does not match the pod template's labels ${JSON.stringify(w.template.labels)}`, fr: `spec.selector ${shown} ne correspond pas aux labels du modèle de pod ${JSON.stringify(w.template.labels)}` },
          { en: 'the API server refuses it: the ReplicaSet finds its pods through these labels; copy them into spec.template.metadata.labels', fr: "l'API le refuse : le ReplicaSet retrouve ses pods par ces labels ; recopiez-les dans spec.template.metadata.labels" });
      }
    }
  },

  function barePod(ctx) {
    for (const w of ctx.workloads.filter((x) => x.kind === 'Pod')) {
      report(ctx, 'hint', 'bare-pod', w.manifest, subjectOf(w.manifest),
        { en: 'a Pod on its own is not recreated when it is deleted or its node fails', fr: "un Pod seul n'est pas recréé s'il est supprimé ou si son nœud tombe" },
        { en: 'use a Deployment: its ReplicaSet keeps the pods alive (lab: self-healing)', fr: 'utilisez un Deployment : son ReplicaSet maintient les pods en vie (lab : self-healing)' });
    }
  },

  function replicas(ctx) {
    for (const w of ctx.workloads.filter((x) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(x.kind))) {
      const count = record(w.manifest.object.spec).replicas;
      if ((count === undefined || (typeof count === 'number' && count < 2)) && autoscalers(ctx, w).length === 0) {
        report(ctx, 'warning', 'single-replica', w.manifest, subjectOf(w.manifest),
          { en: `${count ?? 1} replica: a single point of failure`, fr: `${count ?? 1} réplique : un point de défaillance unique` },
          { en: 'set replicas: 2 or more so that losing a pod or a node does not stop the service (labs: redundancy, replicas)', fr: "mettez replicas: 2 ou plus pour que la perte d'un pod ou d'un nœud n'interrompe pas le service (labs : redundancy, replicas)" });
      }
    }
  },

  function imageTags(ctx) {
    for (const w of ctx.workloads) {
      for (const c of w.template.containers) {
        if (!c.image) {
          report(ctx, 'error', 'no-image', w.manifest, subjectOf(w.manifest, c), { en: 'the container has no image', fr: "le conteneur n'a pas d'image" }, { en: 'add image: name:tag', fr: 'ajoutez image: nom:tag' });
          continue;
        }
        const lastPart = c.image.split('/').pop() ?? '';
        if (c.image.includes('@')) continue;
        if (!lastPart.includes(':') || lastPart.endsWith(':latest')) {
          report(ctx, 'warning', 'unpinned-image', w.manifest, subjectOf(w.manifest, c),
            { en: `image ${c.image} has no fixed tag`, fr: `l'image ${c.image} n'a pas de tag fixe` },
            { en: 'pin a version (name:1.2.3): with :latest the cluster pulls whatever is newest, and a rollback cannot return to the old version', fr: 'fixez une version (nom:1.2.3) : avec :latest le cluster tire la plus récente, et un rollback ne peut pas revenir à l’ancienne' });
        }
      }
    }
  },

  function probes(ctx) {
    for (const w of ctx.workloads.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind))) {
      for (const c of w.template.containers) {
        if (!c.readinessProbe) {
          report(ctx, 'warning', 'no-readiness-probe', w.manifest, subjectOf(w.manifest, c),
            { en: 'no readinessProbe', fr: 'pas de readinessProbe' },
            { en: 'without it a new pod receives traffic before it can answer, and a rolling update loses requests (lab: rolling-update)', fr: 'sans elle un nouveau pod reçoit du trafic avant de pouvoir répondre, et une mise à jour progressive perd des requêtes (lab : rolling-update)' });
        }
        if (!c.livenessProbe) {
          report(ctx, 'hint', 'no-liveness-probe', w.manifest, subjectOf(w.manifest, c),
            { en: 'no livenessProbe', fr: 'pas de livenessProbe' },
            { en: 'a livenessProbe lets the kubelet restart a container that hangs without exiting (lab: liveness-probe)', fr: 'une livenessProbe permet au kubelet de redémarrer un conteneur bloqué qui ne s’arrête pas (lab : liveness-probe)' });
        }
      }
    }
    for (const w of ctx.workloads) {
      for (const c of w.template.containers) {
        const names = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
        for (const [which, probe] of [['readinessProbe', c.readinessProbe], ['livenessProbe', c.livenessProbe], ['startupProbe', c.startupProbe]] as const) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (typeof port === 'string' && !/^\d+$/.test(port) && !names.has(port)) {
            report(ctx, 'error', 'probe-port', w.manifest, subjectOf(w.manifest, c),
              { en: `${which} uses port "${port}", which the container does not declare`, fr: `${which} utilise le port "${port}", que le conteneur ne déclare pas` },
              { en: `name a port "${port}" in ports:, or give the number`, fr: `nommez un port "${port}" dans ports:, ou donnez son numéro` });
          }
        }
      }
    }
  },

  function resources(ctx) {
    for (const w of ctx.workloads) {
      const scaled = autoscalers(ctx, w).length > 0;
      for (const c of w.template.containers) {
        // A limit without a request is also the request (Kubernetes defaults one to the other).
        const requests = { ...c.resources?.limits, ...c.resources?.requests };
        if (scaled && requests.cpu === undefined) {
          report(ctx, 'error', 'hpa-without-cpu-request', w.manifest, subjectOf(w.manifest, c),
            { en: 'a HorizontalPodAutoscaler scales this workload but the container requests no CPU', fr: 'un HorizontalPodAutoscaler pilote cette charge mais le conteneur ne demande pas de CPU' },
            { en: 'the HPA computes CPU utilization as a share of resources.requests.cpu: without it, it never scales (lab: horizontal-scaling)', fr: "le HPA calcule l'utilisation CPU en part de resources.requests.cpu : sans elle, il ne scale jamais (lab : horizontal-scaling)" });
        } else if (requests.cpu === undefined || requests.memory === undefined) {
          const missing = requests.cpu === undefined ? (requests.memory === undefined ? 'both' : 'cpu') : 'memory';
          const text = { both: { en: 'no CPU nor memory request', fr: 'ni request CPU ni request mémoire' }, cpu: { en: 'no CPU request (memory is requested)', fr: 'pas de request CPU (la mémoire est demandée)' }, memory: { en: 'no memory request (CPU is requested)', fr: 'pas de request mémoire (le CPU est demandé)' } }[missing];
          report(ctx, 'hint', 'no-requests', w.manifest, subjectOf(w.manifest, c),
            text,
            { en: 'requests tell the scheduler what the pod needs; limits cap it (lab: vertical-scaling)', fr: 'les requests disent au scheduler ce dont le pod a besoin ; les limits le plafonnent (lab : vertical-scaling)' });
        }
      }
    }
  },
];
