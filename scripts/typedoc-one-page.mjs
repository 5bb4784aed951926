// A TypeDoc plugin that fits the API reference to one markdown page (docs/authoring.md).
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  // An interface lists only its own members: Grading extends Lab, and would otherwise repeat every
  // Lab member, example included. After inheritance is resolved (0), before grouping (-100).
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      for (const member of context.project.getReflectionsByKind(ReflectionKind.Property | ReflectionKind.Method)) {
        if (member.inheritedFrom && member.parent?.kindOf(ReflectionKind.Interface)) context.project.removeReflection(member);
      }
    },
    -50,
  );
  // Members in the order the page shows them (by group), after grouping (-100): the markdown
  // plugin numbers repeated anchors (deployment, deployment-1) in this order, and GitHub numbers
  // repeated headings in page order, so the two must agree for links to land.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      for (const container of [context.project, ...Object.values(context.project.reflections)]) {
        if (!container.groups) continue;
        const shown = container.groups.flatMap((group) => group.children);
        const inPageOrder = (children) => [...shown.filter((child) => children.includes(child)), ...children.filter((child) => !shown.includes(child))];
        if (container.children) container.children = inPageOrder(container.children);
        if (container.childrenIncludingDocuments) container.childrenIncludingDocuments = inPageOrder(container.childrenIncludingDocuments);
      }
    },
    -200,
  );
}
