import type { Grading, ServiceInfo, WorkloadInfo } from 'kindlab';

/**
 * The first step of the exercises about updates: the student's v1 rolled out, behind a Service,
 * with the replicas and the port the statement asks for (named when not: the figures depend on them).
 */
export function servesBehindAService(g: Grading, asked: { replicas: number } = { replicas: 3 }): Promise<{ app: WorkloadInfo; service: ServiceInfo }> {
  return g.step(g.t({ en: 'Version 1.0.0 serves behind a Service', fr: 'La version 1.0.0 sert derrière un Service' }), async () => {
    await g.applyStudentFiles();
    const app = await g.find.deployment();
    g.check(g.t({ en: `${asked.replicas} replicas, as the statement asks`, fr: `${asked.replicas} réplicas, comme le demande l'énoncé` }), app.replicas === asked.replicas, `replicas: ${app.replicas}`,
      g.hint({ en: 'spec.replicas of the Deployment: an update replaces that many pods', fr: 'spec.replicas du Deployment : une mise à jour remplace autant de pods' }));
    const service = await g.find.serviceFor(app);
    g.check(g.t({ en: 'the Service listens on port 80, as the statement asks', fr: "le Service écoute sur le port 80, comme le demande l'énoncé" }), service.port === 80, `port ${service.port}`,
      g.hint({ en: 'spec.ports[].port is where clients call the Service; targetPort is the container\'s', fr: 'spec.ports[].port est là où les clients appellent le Service ; targetPort est celui du conteneur' }));
    await g.expect(g.deployment(app.name).rolledOut(), { within: '90s' });
    return { app, service };
  });
}
