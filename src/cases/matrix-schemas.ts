import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const MATRIX_STATUSES = [
  'under_investigation',
  'affected',
  'mitigation_in_progress',
  'fixed',
  'not_affected',
] as const;
/** The five VEX justifications; required exactly when the status is not_affected. */
export const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export const ROLLOUT_STATES = ['planned', 'in_progress', 'completed', 'paused'] as const;

const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
export const RolloutEntry = Type.Object(
  {
    region: Type.String({ minLength: 1, maxLength: 80 }),
    state: lit(ROLLOUT_STATES),
    windowStart: Type.Optional(Nullable(DateTime)),
    windowEnd: Type.Optional(Nullable(DateTime)),
  },
  strict,
);

const EntryFields = {
  layer: Type.String({ minLength: 1, maxLength: 80 }),
  cveId: Type.String({ maxLength: 40 }),
  status: lit(MATRIX_STATUSES),
  justification: Type.Optional(Nullable(lit(JUSTIFICATIONS))),
  rollout: Type.Optional(Type.Array(RolloutEntry, { maxItems: 200 })),
};
export const MatrixInput = Type.Object(
  {
    ...EntryFields,
    statement: Type.Optional(Type.String({ maxLength: 65_536 })),
    tlp: Type.Optional(Type.String({ maxLength: 20 })),
    recipientOrgIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })),
    recipientUserIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })),
    asOrgId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  strict,
);
export const PromoteStatement = Type.Object({ ...EntryFields }, strict);

export const MatrixQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    layer: Type.Optional(Type.String({ maxLength: 80 })),
    cveId: Type.Optional(Type.String({ maxLength: 40 })),
    status: Type.Optional(lit(MATRIX_STATUSES)),
    stillAffected: Type.Optional(Type.Boolean({ description: 'Only rows not yet fixed or not affected' })),
  },
  strict,
);

const LabelOut = Type.Object({
  tlp: Str,
  org: Type.Object({ id: Str, handle: Str, name: Str }),
  recipientOrgIds: Type.Array(Str),
  recipientUserIds: Type.Array(Str),
});
const RolloutOut = Type.Object({
  region: Str,
  state: Str,
  windowStart: Nullable(Str),
  windowEnd: Nullable(Str),
});
export const MatrixEntry = Type.Object({
  id: Str,
  caseId: Str,
  label: LabelOut,
  layer: Str,
  cveId: Str,
  status: Str,
  justification: Nullable(Str),
  rollout: Type.Array(RolloutOut),
  statement: Str,
  sourcePostId: Nullable(Str),
  version: Type.Integer(),
  updatedBy: Nullable(Type.Object({ id: Str, name: Str })),
  updatedAt: Str,
});
export const MatrixChange = Type.Object({
  version: Type.Integer(),
  label: LabelOut,
  status: Str,
  justification: Nullable(Str),
  rollout: Type.Array(RolloutOut),
  statement: Str,
  changedBy: Nullable(Type.Object({ id: Str, name: Str })),
  at: Str,
});
export const MatrixView = Type.Object({
  items: Type.Array(MatrixEntry),
  /** Orgs with at least one visible row still under investigation, affected or mitigating. */
  stillAffected: Type.Array(Type.Object({ org: LabelOut.properties.org, cveIds: Type.Array(Str) })),
});

export type MatrixInput = Static<typeof MatrixInput>;
export type MatrixQuery = Static<typeof MatrixQuery>;
export type PromoteStatement = Static<typeof PromoteStatement>;
