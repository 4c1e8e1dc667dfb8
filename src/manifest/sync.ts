import type { MoveAssessment } from '../resolve/move.js';
import type { VendoringEvent } from '../vendoring/tool.js';
import type { DependencyFork } from './dependency-fork.js';
import type { RequirementMove } from './entry.js';

export interface SyncOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  allowFileUrls?: boolean;
  /** The revision the manifest is compared with (default HEAD). */
  base?: string;
  dryRun?: boolean;
  vndr?: string;
  whitelist?: string[];
  onEvent?: (event: VendoringEvent) => void;
  signals?: NodeJS.EventEmitter;
  /** Judge no move: no GitHub, and git only from its copy. */
  offline?: boolean;
  githubUrl?: string;
  /** Refuse a move that drops commits or moves a dependency's own pins away from the project's. */
  strict?: boolean;
  allowDrop?: boolean;
  /** Modules: accept a move that changes other modules' versions in go's build list (refused under --strict otherwise). */
  allowDrift?: boolean;
}

export interface SyncChange {
  importPath: string;
  change: 'added' | 'ref' | 'repository' | 'removed';
  /** For a changed entry: what the move from the base's line drops and changes underneath, when it could be told. */
  move?: MoveAssessment;
  /** The dependency's own fork pins at the new pin that the project's file lacks (nobody reads them). */
  ignoredForks?: DependencyFork[];
}

export interface SyncResult {
  file: string;
  displayPath: string;
  base: string;
  changes: SyncChange[];
  dryRun: boolean;
  vndr?: { ms: number };
  warnings: string[];
  notes: string[];
  /** Modules: the other modules whose version go's build list moves with the edit. */
  buildList?: RequirementMove[];
}
