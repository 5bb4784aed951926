import type { Release } from './releases.js';

/** A Go program built from the Go module proxy through a generated wrapper module. */
export interface GoRecipe {
  module: string;
  version: string;
  /** Package paths relative to the module ("." for its root). */
  packages: string[];
  /** Replace k8s.io staging modules (required at v0.0.0 upstream) with their published v0.Y.Z. */
  stagingModules: boolean;
  tags: string[];
  ldflags: string[];
  /** Stamp Kubernetes' version variables, or kubeadm reports v0.0.0-master. */
  versionFlags: 'kubernetes' | undefined;
  /** Replace directives of the upstream go.mod, which only a main module may carry. */
  replace: Record<string, string>;
  /** Output names to change (a package "." is named after the module's last element). */
  rename: Record<string, string>;
}

export type BinaryRecipe =
  | { name: string; kind: 'go'; go: GoRecipe }
  | { name: string; kind: 'source'; source: string; ldflags: string[] }
  | { name: string; kind: 'c'; source: string }
  | { name: string; kind: 'rootfs'; rootfs: string; path: string };

export interface RootfsRecipe {
  name: string;
  for: string;
  packages: string[];
}

/** node: in the offline node image; cluster: loaded into the nodes; host: run by Docker beside the cluster. */
export type ImageScope = 'node' | 'cluster' | 'host';
export const nodeRoles = ['sandbox', 'cni', 'storage', 'storage-helper'] as const;
export const addonRoles = ['ingress', 'metrics', 'network-policy'] as const;
/** Images kindlab itself runs in the cluster (the in-cluster traffic sampler). */
export const toolRoles = ['sampler'] as const;
export type ImageRole = (typeof nodeRoles)[number] | (typeof addonRoles)[number] | (typeof toolRoles)[number];

export interface ImageSpec {
  ref: string;
  for: string;
  scope: ImageScope;
  role: ImageRole | undefined;
  /** A rootfs to start from; none means an empty image. */
  base: string | undefined;
  /** Destination path in the image -> "binary/output". */
  files: Record<string, string>;
  /** "binary/output" of a static busybox to install with its applet links in /bin. */
  busybox: string | undefined;
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  /** A Dockerfile build on published images, for when the offline build cannot run here. */
  online: { context: string; args: Record<string, string> } | undefined;
}

export interface NodeSpec {
  upstream: string;
  offline: string;
  rootfs: string;
  recipe: string;
  /** Destination path in the node -> "binary/output". */
  binaries: Record<string, string>;
}

export interface Catalog {
  /** The Kubernetes version of the chosen release. */
  kubernetes: string;
  release: Release;
  /** Every release the catalog knows, by version. */
  releases: Record<string, Release>;
  kind: string;
  node: NodeSpec;
  debian: { suite: string; mirror: string };
  rootfs: Record<string, RootfsRecipe>;
  binaries: Record<string, BinaryRecipe>;
  images: ImageSpec[];
}
