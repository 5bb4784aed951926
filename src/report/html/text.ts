import type { Lang } from '../../core/i18n.js';

type Pair = readonly [en: string, fr: string];
type Dictionary = { readonly [key: string]: Pair | Dictionary };
type In<D> = { [K in keyof D]: D[K] extends Pair ? string : In<D[K]> };

/** The report's own words: [English, French]. */
const dictionary = {
  runTitle: ['kindlab run report', 'rapport kindlab run'],
  gradeTitle: ['kindlab grade report', 'rapport kindlab grade'],
  contents: ['Contents', 'Sommaire'],
  passed: ['passed', 'réussi'],
  failed: ['failed', 'échoué'],
  error: ['error', 'erreur'],
  timeout: ['timeout', 'délai dépassé'],
  interrupted: ['interrupted', 'interrompu'],
  skipped: ['skipped', 'sauté'],
  notYet: ['not yet', 'à reprendre'],
  duration: ['duration', 'durée'],
  namespace: ['namespace', 'namespace'],
  started: ['started', 'début'],
  section: ['section', 'section'],
  context: ['context', 'contexte'],
  run: ['run', 'exécution'],
  labsPassed: ['labs passed', 'labs réussis'],
  files: ['files', 'fichiers'],
  timeline: ['Timeline', 'Chronologie'],
  noTimeline: ['No timeline was recorded for this lab.', "Aucune chronologie n'a été enregistrée pour ce lab."],
  checks: ['Checks', 'Vérifications'],
  measurements: ['Measurements', 'Mesures'],
  diagnosis: ['Diagnosis', 'Diagnostic'],
  whatFailed: ['What failed', 'Ce qui a échoué'],
  journal: ['Journal', 'Journal'],
  check: ['check', 'vérification'],
  detail: ['detail', 'détail'],
  hint: ['hint', 'piste'],
  deadline: ['deadline', 'échéance'],
  waited: ['waited', 'attendu'],
  value: ['value', 'valeur'],
  unit: ['unit', 'unité'],
  name: ['name', 'nom'],
  description: ['description', 'description'],
  causes: ['likely cause', 'cause probable'],
  pods: ['pods', 'pods'],
  events: ['recent events', 'événements récents'],
  logs: ['logs of', 'journaux de'],
  actions: ['actions', 'actions'],
  traffic: ['answers/s', 'réponses/s'],
  trafficPer: ['answers per', 'réponses par'],
  downtime: ['downtime', 'interruption'],
  windows: ['windows', 'fenêtres'],
  requestsFailed: ['failed requests', 'requêtes en échec'],
  answers: ['answers', 'réponses'],
  restart: ['restart', 'redémarrage'],
  deleted: ['deleted', 'supprimé'],
  warningEvent: ['Warning event', 'événement Warning'],
  more: ['more pods', 'autres pods'],
  seconds: ['time from the start of the lab (s)', 'temps depuis le début du lab (s)'],
  beyond: ['beyond the chart', 'au-delà du graphique'],
  refused: ['Stopped before the cluster', 'Arrêté avant le cluster'],
  stoppedAt: ['stopped at', 'arrêté à'],
  findings: ['What kindlab check found in your files', 'Ce que kindlab check a trouvé dans vos fichiers'],
  warning: ['warning', 'avertissement'],
  legendDeadline: ['check deadline', 'échéance de la vérification'],
  legendAction: ['action', 'action'],
  omitted: ['entries not shown', 'entrées non affichées'],
  stages: {
    check: ['the check of your files', 'la vérification de vos fichiers'],
    intake: ['taking your files into the cluster', "l'entrée de vos fichiers dans le cluster"],
    images: ['the images', 'les images'],
  },
  phases: {
    created: ['created', 'créé'],
    scheduled: ['scheduled', 'placé sur un nœud'],
    running: ['running, not ready', 'démarré, pas prêt'],
    ready: ['Ready', 'Ready'],
    problem: ['waiting (error)', 'en attente (erreur)'],
    terminating: ['terminating', 'en arrêt'],
    succeeded: ['succeeded', 'terminé'],
    failed: ['failed', 'en échec'],
    unknown: ['unknown', 'inconnu'],
  },
} as const satisfies Dictionary;

export type Words = In<typeof dictionary>;

export function wordsFor(lang: Lang): Words {
  const pick = (d: Dictionary): unknown => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, isPair(v) ? v[lang === 'fr' ? 1 : 0] : pick(v)]));
  return pick(dictionary) as Words;
}

function isPair(v: Pair | Dictionary): v is Pair {
  return Array.isArray(v);
}
