import { defineExercise } from 'kindlab';

/** The controller kindlab's Ingress add-on runs (manifests/addons/traefik.yaml). */
const traefik = 'traefik.io/ingress-controller';

/** An Ingress: HTTP from outside the cluster reaches a Service, by host name and path. */
export default defineExercise({
  id: 'ingress',
  title: { fr: 'Un Ingress vers votre application', en: 'An Ingress to your application' },
  section: 'Principe de fonctionnement : ingress',
  guide: 'ingress',
  duration: '40s',
  needs: ['ingress'],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (2 réplicas, port 8080), un Service (port 80)
et un Ingress qui envoie vers ce Service les requêtes HTTP pour **un hôte à vous finissant par
\`.kindlab.localhost\`** (votre nom dedans : le contrôleur est partagé ; dans une classe, sous votre
domaine \`<votre id>.kindlab.localhost\`, que donne \`kubectl get configmap kindlab-class -o yaml\`), chemin \`/\` et tout ce qui suit. Le contrôleur d'Ingress du cluster est Traefik
(IngressClass par défaut).

Ce que fera la correction : elle envoie des requêtes depuis l'extérieur du cluster
(\`http://<votre hôte>/\` et \`http://<votre hôte>/cart\`), et une pour un autre hôte.

Réussi si : vos deux pods répondent aux requêtes pour votre hôte, quel que soit le chemin ; l'autre
hôte reçoit 404.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (2 replicas, port 8080), a Service (port 80) and an
Ingress that sends to that Service the HTTP requests for **a host of your own ending in
\`.kindlab.localhost\`** (with your name in it: the controller is shared; in a class, under your domain
\`<your id>.kindlab.localhost\`, which \`kubectl get configmap kindlab-class -o yaml\` gives), path \`/\` and everything below it. The cluster's Ingress controller is Traefik
(the default IngressClass).

What grading does: it sends requests from outside the cluster (\`http://<your host>/\` and
\`http://<your host>/cart\`), and one for another host.

Passes if: your two pods answer the requests for your host, whatever the path; the other host gets 404.`,
  },
  async grade(g) {
    /** The class the Ingress names, when no controller of the cluster serves it (kindlab's is Traefik's). */
    const unservedClass = async (name: string | undefined): Promise<string | undefined> => {
      if (!name) return undefined;
      // An identity that may not read IngressClasses (a student's own) knows kindlab's class by its name.
      const found = await g.object<{ spec?: { controller?: string } }>('IngressClass', name).get().then((c) => c ?? null, () => undefined);
      const served = found === undefined ? name === 'traefik' : found?.spec?.controller === traefik;
      return served ? undefined : name;
    };
    const { host, app, unserved } = await g.step(g.t({ en: 'A Service and an Ingress in front of the pods', fr: 'Un Service et un Ingress devant les pods' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const service = await g.find.serviceFor(app);
      const ingress = await g.find.ingressTo(service);
      const host = ingress.spec?.rules?.find((r) => r.host)?.host ?? '';
      g.check(g.t({ en: 'the Ingress names a host ending in .kindlab.localhost', fr: 'l’Ingress nomme un hôte finissant par .kindlab.localhost' }), host.endsWith('.kindlab.localhost'), host || 'no host', g.hint({ en: 'rules[].host selects requests by their Host header', fr: 'rules[].host choisit les requêtes par leur en-tête Host' }));
      await g.expect(g.pods(app.podSelector).ready(2), { within: '90s' });
      return { host, app, unserved: await unservedClass(ingress.spec?.ingressClassName) };
    });

    await g.step(g.t({ en: 'Requests for your host reach your pods, whatever the path', fr: 'Les requêtes pour votre hôte atteignent vos pods, quel que soit le chemin' }), async () => {
      // The hint names what the Ingress shows: a class no controller serves, else its routes.
      const route = unserved
        ? g.hint({ en: `ingressClassName ${unserved}: no Ingress controller of this cluster serves that class, so no one routes it (the cluster's controller serves the class traefik, its default: name it, or leave ingressClassName out)`, fr: `ingressClassName ${unserved} : aucun contrôleur Ingress du cluster ne sert cette classe, donc personne ne la route (le contrôleur du cluster sert la classe traefik, par défaut : nommez-la, ou omettez ingressClassName)` })
        : g.hint({ en: "the Ingress routes host and path to the Service's port (80, not the container's 8080); pathType Prefix on / takes every path", fr: "l'Ingress envoie hôte et chemin vers le port du Service (80, pas le 8080 du conteneur) ; pathType Prefix sur / prend tous les chemins" });
      const first = await g.eventually(
        g.t({ en: `http://${host}/ answers 200`, fr: `http://${host}/ répond 200` }),
        async () => {
          const answer = await g.http({ port: g.ingressPort, host, path: '/' });
          if (answer.status !== 200) return `HTTP ${answer.status || answer.error}`;
          // The controller is shared: the answer must come from one of your pods.
          const pod = answer.headers['x-pod'] ?? '';
          return g.pods(app.podSelector).readyNames().includes(pod) ? true : `answered by ${pod || 'someone else'}, not by your pods`;
        },
        { within: '45s', every: '500ms', hint: route },
      );
      g.measure('ingress_ready', first.elapsedMs, 'ms', 'from the check start to the first answer through the Ingress (±500 ms)');
      const deeper = await g.http({ port: g.ingressPort, host, path: '/cart' });
      g.check(g.t({ en: `http://${host}/cart answers 200 too`, fr: `http://${host}/cart répond 200 aussi` }), deeper.status === 200, `HTTP ${deeper.status || deeper.error}`, route);
      const other = await g.http({ port: g.ingressPort, host: `not-${host}`, path: '/' });
      g.check(g.t({ en: 'another host gets 404', fr: 'un autre hôte reçoit 404' }), other.status === 404, `HTTP ${other.status || other.error}`, g.hint({ en: 'a rule without host matches every host', fr: 'une règle sans host prend tous les hôtes' }));
    });
  },
});
