import { checkFiles, type CheckReport } from '../../check/index.js';
import { chooseLang } from '../../core/i18n.js';
import { KindlabError, messageOf } from '../../core/errors.js';
import { confinedNamespace } from '../../kube/access.js';
import { connect } from '../../kube/client.js';
import type { Command } from '../command.js';
import { formatCheckReport } from '../reporters/check-text.js';

export const checkCommand: Command = {
  name: 'check',
  summary: "check your own manifests: what Kubernetes will refuse, and what the course's labs would catch",
  usage: 'kindlab check [--json] [--offline] [--strict] [--lang fr|en] [--kubeconfig FILE] FILE|FOLDER...',
  details: [
    'Reads every .yaml/.yml/.json file given (folders are searched), then reports:',
    '  error    Kubernetes would refuse it, or it cannot work (a Service that selects no pod…)',
    '  warning  it runs, but fails a lesson of the course (one replica, no readinessProbe…)',
    '  hint     a good habit (requests, livenessProbe…)',
    'When the kindlab cluster answers, the API server also validates each object (a dry run with',
    'strict field validation: nothing is created). Exit code 1 when there is an error (or, with',
    '--strict, a warning). A Secret\'s values are never printed.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    json: { type: 'boolean', description: 'print the report as JSON' },
    offline: { type: 'boolean', description: 'do not ask the cluster (only the rules that need no cluster)' },
    strict: { type: 'boolean', description: 'fail on warnings too' },
    lang: { type: 'string', valueName: 'fr|en', description: 'language of messages and hints (default: from $LANG, else en)' },
    context: { type: 'string', valueName: 'name', description: 'kubeconfig context (default kind-kindlab)' },
    kubeconfig: { type: 'string', valueName: 'file', description: 'a kubeconfig file (a student\'s: the dry run happens in their namespace, under the class\'s rules)' },
  },
  async run({ values, positionals, out }) {
    if (positionals.length === 0) throw new KindlabError('NO_MANIFESTS', 'no manifest given', { fix: 'name files or folders: `kindlab check deployment.yaml service.yaml` or `kindlab check manifests/`' });
    const lang = chooseLang(values.lang as string | undefined);
    let client;
    let namespace: string | undefined;
    let offlineReason = '--offline';
    if (!values.offline) {
      try {
        client = connect({ ...(values.context ? { context: values.context as string } : {}), ...(values.kubeconfig ? { kubeconfig: values.kubeconfig as string } : {}) });
        // A student's kubeconfig: the dry run goes where their objects would, under the class's rules.
        namespace = await confinedNamespace(client).catch(() => undefined);
      } catch (error) {
        offlineReason = messageOf(error);
      }
    }
    const report: CheckReport = await checkFiles(positionals, { lang, offlineReason, ...(client ? { client } : {}), ...(namespace ? { namespace } : {}) });
    out(values.json ? JSON.stringify(report, null, 2) : formatCheckReport(report, lang));
    return report.counts.error > 0 || (values.strict && report.counts.warning > 0) ? 1 : 0;
  },
};
