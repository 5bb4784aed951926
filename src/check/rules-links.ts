import { byKind, named, report, subjectOf, type Context } from './findings.js';
import { list, namespaceOf, record, selects, type Container } from './workloads.js';

/** The rules about what objects refer to: Services, Ingresses, ConfigMaps and Secrets, claims, autoscalers. */
export const linkRules: Array<(ctx: Context) => void> = [
  function servicesSelectPods(ctx) {
    for (const svc of byKind(ctx, 'Service')) {
      const spec = record(svc.object.spec);
      const selector = spec.selector as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(svc.object);
      const local = ctx.workloads.filter((w) => w.namespace === namespace);
      if (local.length === 0) continue;
      const selected = local.filter((w) => selects(selector, w.template.labels));
      if (selected.length === 0) {
        report(ctx, 'error', 'service-selects-nothing', svc, subjectOf(svc),
          { en: `selector ${JSON.stringify(selector)} matches no pod template in these files`, fr: `le sélecteur ${JSON.stringify(selector)} ne correspond à aucun modèle de pod de ces fichiers` },
          { en: `the Service would have no endpoints; pod labels here: ${local.map((w) => `${w.name} ${JSON.stringify(w.template.labels)}`).join(', ')} (lab: services)`, fr: `le Service n'aurait aucun endpoint ; labels des pods ici : ${local.map((w) => `${w.name} ${JSON.stringify(w.template.labels)}`).join(', ')} (lab : services)` });
        continue;
      }
      for (const port of list<{ port?: number; targetPort?: number | string }>(spec.ports)) {
        const target = port.targetPort ?? port.port;
        const containers = selected.flatMap((w) => w.template.containers);
        const declared = containers.flatMap((c) => c.ports ?? []);
        const found = typeof target === 'string' && !/^\d+$/.test(target) ? declared.some((p) => p.name === target) : declared.length === 0 || declared.some((p) => p.containerPort === Number(target));
        if (!found) {
          report(ctx, typeof target === 'string' ? 'error' : 'warning', 'service-target-port', svc, subjectOf(svc),
            { en: `targetPort ${target} is not a port of the selected containers (${declared.map((p) => p.name ?? p.containerPort).join(', ') || 'none declared'})`, fr: `targetPort ${target} n'est pas un port des conteneurs sélectionnés (${declared.map((p) => p.name ?? p.containerPort).join(', ') || 'aucun déclaré'})` },
            { en: 'requests would reach a port nobody listens on', fr: 'les requêtes arriveraient sur un port où personne n’écoute' });
        }
      }
    }
  },

  function ingressBackends(ctx) {
    for (const ing of byKind(ctx, 'Ingress')) {
      const spec = record(ing.object.spec);
      const backends = [record(spec.defaultBackend), ...list<Record<string, unknown>>(spec.rules).flatMap((r) => list<Record<string, unknown>>(record(r.http).paths).map((p) => record(p.backend)))];
      for (const backend of backends) {
        const service = record(backend.service);
        if (typeof service.name !== 'string') continue;
        const svc = named(ctx, 'Service', namespaceOf(ing.object), service.name);
        if (!svc) {
          if (byKind(ctx, 'Service').length > 0) {
            report(ctx, 'warning', 'ingress-unknown-service', ing, subjectOf(ing),
              { en: `routes to Service ${service.name}, which is not in these files`, fr: `route vers le Service ${service.name}, absent de ces fichiers` },
              { en: 'an Ingress only reaches Services of its own namespace (lab: ingress)', fr: "un Ingress n'atteint que les Services de son namespace (lab : ingress)" });
          }
          continue;
        }
        const port = record(service.port);
        const ports = list<{ port?: number; name?: string }>(record(svc.object.spec).ports);
        if ((port.number !== undefined && !ports.some((p) => p.port === port.number)) || (port.name !== undefined && !ports.some((p) => p.name === port.name))) {
          report(ctx, 'error', 'ingress-service-port', ing, subjectOf(ing),
            { en: `routes to port ${String(port.number ?? port.name)} of Service ${service.name}, which has ${ports.map((p) => p.name ?? p.port).join(', ')}`, fr: `route vers le port ${String(port.number ?? port.name)} du Service ${service.name}, qui a ${ports.map((p) => p.name ?? p.port).join(', ')}` },
            { en: "use the Service's port (not the container's)", fr: 'utilisez le port du Service (pas celui du conteneur)' });
        }
      }
    }
  },

  function configAndSecretReferences(ctx) {
    for (const w of ctx.workloads) {
      const refs: Array<{ kind: 'ConfigMap' | 'Secret'; name?: string; key?: string; optional?: boolean; container?: Container }> = [];
      for (const c of w.template.containers) {
        for (const e of c.env ?? []) {
          if (e.valueFrom?.configMapKeyRef) refs.push({ kind: 'ConfigMap', ...e.valueFrom.configMapKeyRef, container: c });
          if (e.valueFrom?.secretKeyRef) refs.push({ kind: 'Secret', ...e.valueFrom.secretKeyRef, container: c });
        }
        for (const e of c.envFrom ?? []) {
          if (e.configMapRef) refs.push({ kind: 'ConfigMap', ...e.configMapRef, container: c });
          if (e.secretRef) refs.push({ kind: 'Secret', ...e.secretRef, container: c });
        }
      }
      for (const v of w.template.volumes) {
        if (v.configMap) refs.push({ kind: 'ConfigMap', ...v.configMap });
        if (v.secret) refs.push({ kind: 'Secret', name: v.secret.secretName, optional: v.secret.optional });
      }
      for (const ref of refs) {
        if (ref.optional || !ref.name || byKind(ctx, ref.kind).length === 0) continue;
        const target = named(ctx, ref.kind, w.namespace, ref.name);
        if (!target) {
          report(ctx, 'warning', 'missing-config', w.manifest, subjectOf(w.manifest, ref.container),
            { en: `uses ${ref.kind} ${ref.name}, which is not in these files`, fr: `utilise le ${ref.kind} ${ref.name}, absent de ces fichiers` },
            { en: 'the pod stays in CreateContainerConfigError until it exists (lab: config-and-secrets)', fr: "le pod reste en CreateContainerConfigError tant qu'il n'existe pas (lab : config-and-secrets)" });
          continue;
        }
        const keys = new Set([...Object.keys(record(target.object.data)), ...Object.keys(record(target.object.stringData))]);
        if (ref.key && !keys.has(ref.key)) {
          report(ctx, 'error', 'missing-key', w.manifest, subjectOf(w.manifest, ref.container),
            { en: `${ref.kind} ${ref.name} has no key ${ref.key} (keys: ${[...keys].join(', ') || 'none'})`, fr: `le ${ref.kind} ${ref.name} n'a pas de clé ${ref.key} (clés : ${[...keys].join(', ') || 'aucune'})` },
            { en: 'the container cannot start until the key exists', fr: 'le conteneur ne peut pas démarrer tant que la clé manque' });
        }
      }
    }
  },

  function secretsStaySecret(ctx) {
    for (const secret of byKind(ctx, 'Secret')) {
      for (const [key, value] of Object.entries(record(secret.object.data))) {
        if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.replace(/\s/g, '')) || value.replace(/\s/g, '').length % 4 !== 0) {
          report(ctx, 'error', 'secret-not-base64', secret, subjectOf(secret),
            { en: `data.${key} is not base64`, fr: `data.${key} n'est pas en base64` },
            { en: 'put plain text under stringData:, or encode it (base64 is an encoding, not encryption)', fr: "mettez le texte en clair sous stringData:, ou encodez-le (base64 est un encodage, pas un chiffrement)" });
        }
      }
    }
    for (const cm of byKind(ctx, 'ConfigMap')) {
      for (const key of Object.keys(record(cm.object.data))) {
        if (/pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential/i.test(key)) {
          report(ctx, 'warning', 'secret-in-configmap', cm, subjectOf(cm),
            { en: `key ${key} looks like a secret but is in a ConfigMap`, fr: `la clé ${key} ressemble à un secret mais est dans un ConfigMap` },
            { en: 'put it in a Secret: ConfigMaps are shown in clear by kubectl describe and in logs (lab: config-and-secrets)', fr: 'mettez-la dans un Secret : les ConfigMaps sont affichés en clair par kubectl describe et dans les journaux (lab : config-and-secrets)' });
        }
      }
    }
  },

  function persistence(ctx) {
    for (const w of ctx.workloads) {
      for (const v of w.template.volumes) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (claim && byKind(ctx, 'PersistentVolumeClaim').length > 0 && !named(ctx, 'PersistentVolumeClaim', w.namespace, claim)) {
          report(ctx, 'warning', 'missing-pvc', w.manifest, subjectOf(w.manifest),
            { en: `volume ${v.name} uses PersistentVolumeClaim ${claim}, which is not in these files`, fr: `le volume ${v.name} utilise la PersistentVolumeClaim ${claim}, absente de ces fichiers` },
            { en: 'the pod stays Pending until the claim exists (lab: persistence)', fr: "le pod reste Pending tant que la claim n'existe pas (lab : persistence)" });
        }
      }
      const replicas = record(w.manifest.object.spec).replicas;
      if (w.kind === 'Deployment' && typeof replicas === 'number' && replicas > 1 && w.template.volumes.some((v) => v.persistentVolumeClaim)) {
        const claims = w.template.volumes.flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
        const rwo = claims.some((name) => {
          const pvc = named(ctx, 'PersistentVolumeClaim', w.namespace, name);
          const modes = (record(pvc?.object.spec).accessModes as string[] | undefined) ?? ['ReadWriteOnce'];
          return modes.includes('ReadWriteOnce') || modes.includes('ReadWriteOncePod');
        });
        if (rwo) {
          report(ctx, 'warning', 'shared-rwo-claim', w.manifest, subjectOf(w.manifest),
            { en: `${replicas} replicas share a ReadWriteOnce claim`, fr: `${replicas} répliques partagent une claim ReadWriteOnce` },
            { en: 'a ReadWriteOnce volume attaches to one node: replicas on another node stay Pending; use a StatefulSet with volumeClaimTemplates', fr: "un volume ReadWriteOnce s'attache à un seul nœud : les répliques d'un autre nœud restent Pending ; utilisez un StatefulSet avec volumeClaimTemplates" });
        }
      }
    }
  },

  function autoscalerTargets(ctx) {
    for (const hpa of byKind(ctx, 'HorizontalPodAutoscaler')) {
      const target = record(record(hpa.object.spec).scaleTargetRef);
      if (ctx.workloads.length > 0 && !ctx.workloads.some((w) => w.kind === target.kind && w.name === target.name && w.namespace === namespaceOf(hpa.object))) {
        report(ctx, 'warning', 'hpa-unknown-target', hpa, subjectOf(hpa),
          { en: `scales ${String(target.kind)} ${String(target.name)}, which is not in these files`, fr: `pilote ${String(target.kind)} ${String(target.name)}, absent de ces fichiers` },
          { en: 'check scaleTargetRef (kind and name)', fr: 'vérifiez scaleTargetRef (kind et name)' });
      }
    }
  },
];
