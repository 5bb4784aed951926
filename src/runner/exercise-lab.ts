import { localized, type Lang, type Localized, type Text } from '../core/i18n.js';
import type { ExerciseDefinition, Grading, StudentFinds } from './exercise.js';
import type { ServiceInfo, StudentObjects, WorkloadInfo } from './find.js';
import type { Action, Lab, LabDefinition } from './lab.js';

/** Where the student's work comes from: files (applied into a fresh namespace) or their own namespace. */
export type StudentWork = { files: string[] } | { namespace: string };

export interface GradingTools {
  lang: Lang;
  objects: StudentObjects;
  applyFiles(files: string[]): Promise<Action>;
}

/** The exercise as the runner sees it: a lab. */
export function exerciseLab(exercise: ExerciseDefinition, work: StudentWork, lang: Lang, tools: (lab: Lab) => GradingTools): LabDefinition {
  return {
    id: exercise.id,
    title: exercise.title,
    section: exercise.section,
    duration: exercise.duration,
    needs: exercise.needs,
    ...(exercise.exclusive ? { exclusive: true } : {}),
    run: (lab) => exercise.grade(grading(lab, exercise, work, tools(lab))),
  };
}

function grading(lab: Lab, exercise: ExerciseDefinition, work: StudentWork, tools: GradingTools): Grading {
  const lang = tools.lang;
  const t = (text: Localized) => localized(text)[lang];
  const guide = `${exercise.guidesDir ?? 'guides'}/${exercise.guide}.${lang}.md`;
  const hint = (text: Localized) => `${t(text)} (${lang === 'fr' ? 'voir' : 'see'} ${guide})`;
  return Object.assign(Object.create(lab) as Lab, {
    lang,
    t,
    hint,
    applyStudentFiles: () => ('files' in work ? tools.applyFiles(work.files) : Promise.resolve({ at: Date.now(), value: undefined })),
    find: finds(lab, tools, t, hint),
  }) as Grading;
}

function finds(lab: Lab, tools: GradingTools, t: (text: Text) => string, hint: (text: Text) => string): StudentFinds {
  const lang = tools.lang;
  /** A found object, or a failed check listing what is there instead. */
  const found = async <T>(name: Text, search: Promise<{ ok: true; value: T } | { ok: false; found: string[] }>, why: Text): Promise<T> => {
    const result = await search;
    const none = lang === 'fr' ? 'aucun' : 'none';
    lab.check(t(name), result.ok, result.ok ? undefined : `${lang === 'fr' ? 'trouvé' : 'found'}: ${result.found.join(', ') || none}`, result.ok ? undefined : hint(why));
    return (result as { value: T }).value;
  };
  return {
    deployment: () =>
      found({ en: 'your objects hold exactly one Deployment', fr: 'vos objets contiennent exactement un Deployment' }, tools.objects.deployment(), {
        en: 'the exercise asks for one Deployment: a bare Pod is not recreated, and two Deployments leave the grader guessing',
        fr: "l'exercice demande un Deployment : un Pod seul n'est pas recréé, et deux Deployments laissent le correcteur deviner",
      }),
    workload: () =>
      found({ en: 'your objects hold exactly one workload that keeps pods running', fr: 'vos objets contiennent exactement une charge de travail qui maintient des pods' }, tools.objects.workload(), {
        en: 'a bare Pod is not recreated: a controller keeps pods running (a Deployment, a ReplicaSet, a StatefulSet), and two leave the grader guessing',
        fr: "un Pod seul n'est pas recréé : un contrôleur maintient des pods (un Deployment, un ReplicaSet, un StatefulSet), et deux laissent le correcteur deviner",
      }),
    serviceFor: (w: WorkloadInfo) =>
      found({ en: `one Service selects the pods of Deployment ${w.name}`, fr: `un Service sélectionne les pods du Deployment ${w.name}` }, tools.objects.serviceFor(w), {
        en: `a Service finds its pods by label: its selector must match the pod template's labels ${JSON.stringify(w.podLabels)}`,
        fr: `un Service trouve ses pods par leurs labels : son sélecteur doit correspondre aux labels du modèle de pod ${JSON.stringify(w.podLabels)}`,
      }),
    claimOf: (w: WorkloadInfo) =>
      found({ en: `Deployment ${w.name} mounts one PersistentVolumeClaim`, fr: `le Deployment ${w.name} monte une PersistentVolumeClaim` }, tools.objects.claimsOf(w), {
        en: 'data kept in the container or in an emptyDir goes with the pod: mount a PersistentVolumeClaim',
        fr: "les données gardées dans le conteneur ou un emptyDir partent avec le pod : montez une PersistentVolumeClaim",
      }),
    autoscalerOf: (w: WorkloadInfo) =>
      found({ en: `one HorizontalPodAutoscaler targets Deployment ${w.name}`, fr: `un HorizontalPodAutoscaler pilote le Deployment ${w.name}` }, tools.objects.autoscalerOf(w), {
        en: 'the HPA names what it scales in scaleTargetRef (kind: Deployment, and its name)',
        fr: "le HPA nomme ce qu'il fait varier dans scaleTargetRef (kind: Deployment, et son nom)",
      }),
    ingressTo: (s: ServiceInfo) =>
      found({ en: `an Ingress routes to Service ${s.name}`, fr: `un Ingress route vers le Service ${s.name}` }, tools.objects.ingressTo(s), {
        en: "an Ingress rule's backend names a Service of the same namespace and the Service's port",
        fr: "le backend d'une règle d'Ingress nomme un Service du même namespace et le port du Service",
      }),
  };
}
