import type { Grading, ServiceInfo, WorkloadInfo } from 'kindlab';

/** The first step of the exercises about updates: the student's v1 rolled out, behind a Service. */
export function servesBehindAService(g: Grading): Promise<{ app: WorkloadInfo; service: ServiceInfo }> {
  return g.step(g.t({ en: 'Version 1.0.0 serves behind a Service', fr: 'La version 1.0.0 sert derrière un Service' }), async () => {
    await g.applyStudentFiles();
    const app = await g.find.deployment();
    const service = await g.find.serviceFor(app);
    await g.expect(g.deployment(app.name).rolledOut(), { within: '90s' });
    return { app, service };
  });
}
