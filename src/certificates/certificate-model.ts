import { DataTypes, Model, type Sequelize } from 'sequelize';

/** `offering`: the participation confirmation of a further-training offering (Weiterbildung, issue 18);
 * its module key is `offering:<id>`. */
export type CertificateKind = 'q1' | 'lotse' | 'participation' | 'offering';
export const CERTIFICATE_KINDS: CertificateKind[] = ['q1', 'lotse', 'participation', 'offering'];

/** One issued certificate. The PDF is rendered from `factsJson` on every download. */
export class Certificate extends Model {
  declare id: number;
  declare code: string;
  declare userId: number;
  declare kind: CertificateKind;
  declare moduleKey: string | null;
  declare holderName: string;
  declare dedupeKey: string;
  declare factsJson: string;
  declare issuedAt: Date;
  declare reissuedAt: Date | null;
  declare revokedAt: Date | null;
  declare revokedReason: string | null;
  declare revokedBy: number | null;
}

export function defineCertificateModels(sequelize: Sequelize): void {
  Certificate.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      code: { type: DataTypes.STRING(32), allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      moduleKey: DataTypes.STRING(40),
      holderName: { type: DataTypes.STRING(201), allowNull: false },
      dedupeKey: { type: DataTypes.STRING(100), allowNull: false },
      factsJson: { type: DataTypes.TEXT, allowNull: false },
      issuedAt: { type: DataTypes.DATE, allowNull: false },
      reissuedAt: DataTypes.DATE,
      revokedAt: DataTypes.DATE,
      revokedReason: DataTypes.TEXT,
      revokedBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'certificates', underscored: true, timestamps: false },
  );
}

/** The one key per certificate that may exist once: a Q1 and a Lotse certificate per person, a
 * participation confirmation per person and module. */
export function dedupeKeyFor(kind: CertificateKind, userId: number, moduleKey: string | null): string {
  return kind === 'participation' || kind === 'offering' ? `${kind}:${userId}:${moduleKey}` : `${kind}:${userId}`;
}
