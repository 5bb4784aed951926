import { defineLab, type Lab } from 'kindlab';

/** Sends `count` requests through the Ingress and tells which application answered each. */
async function whoAnswers(lab: Lab, host: string, path: string, count: number) {
  const answers: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const answer = await lab.http({ port: lab.ingressPort, host, path });
    const key = answer.status === 200 ? ((JSON.parse(answer.body) as { version?: string }).version ?? '?') : `HTTP ${answer.status || answer.error}`;
    answers[key] = (answers[key] ?? 0) + 1;
  }
  return answers;
}

/**
 * Ingress: HTTP from outside the cluster reaches the right Service through one entry point (the
 * Ingress controller, Traefik here), by host name and by path.
 */
export default defineLab({
  id: 'ingress',
  title: { fr: "Ingress : l'accès HTTP depuis l'extérieur", en: 'Ingress: HTTP access from outside the cluster' },
  section: 'Principe de fonctionnement : ingress',
  duration: '30s',
  needs: ['ingress'],
  async run(lab) {
    const hostA = `a.${lab.namespace}.kindlab.localhost`;
    const hostB = `${lab.namespace}.kindlab.localhost`;
    await lab.step('Two applications behind their Services, and one Ingress', async () => {
      await lab.apply('apps.yaml');
      await lab.expect(lab.pods('app=app-a').ready(2), { within: '90s' });
      await lab.expect(lab.pods('app=app-b').ready(2), { within: '90s' });
      const applied = await lab.apply('ingress.yaml');
      const route = await lab.eventually(
        'the Ingress controller serves the new route',
        async () => {
          const answer = await lab.http({ port: lab.ingressPort, host: hostA });
          return answer.status === 200 ? true : `HTTP ${answer.status || answer.error}`;
        },
        { within: '60s', every: '250ms' },
      );
      lab.measure('ingress_route_ready', route.metAt - applied.at, 'ms', 'Ingress applied → first answer through it (±250 ms)');
    });

    await lab.step(`A host rule: http://${hostA}/ reaches app-a only`, async () => {
      const answers = await whoAnswers(lab, hostA, '/', 20);
      lab.measure('host_rule_answers', answers['app-a'] ?? 0, 'requests', `answers from app-a for ${hostA}`, answers);
      lab.check('every answer came from app-a', answers['app-a'] === 20, JSON.stringify(answers));
    });

    await lab.step(`A path rule: http://${hostB}/b reaches app-b only`, async () => {
      const answers = await whoAnswers(lab, hostB, '/b', 20);
      lab.measure('path_rule_answers', answers['app-b'] ?? 0, 'requests', `answers from app-b for ${hostB}/b`, answers);
      lab.check('every answer came from app-b', answers['app-b'] === 20, JSON.stringify(answers));
    });

    await lab.step('What no rule matches gets 404 from the Ingress controller', async () => {
      const unknown = await lab.http({ port: lab.ingressPort, host: `nothing.${lab.namespace}.kindlab.localhost` });
      lab.check('an unknown host gets 404', unknown.status === 404, `HTTP ${unknown.status || unknown.error}`);
      const otherPath = await lab.http({ port: lab.ingressPort, host: hostB, path: '/' });
      lab.check(`${hostB}/ (no rule for /) gets 404`, otherPath.status === 404, `HTTP ${otherPath.status || otherPath.error}`);
    });
  },
});
