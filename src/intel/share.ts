import { createCase, getCase } from '../cases/cases.ts';
import { createPost } from '../cases/posts.ts';
import type { Platform } from '../platform/platform.ts';
import { type Principal, tlpRank } from '../policy/index.ts';
import { presentIndicator } from './presenters.ts';
import { orgPrincipal } from './sharing-policy.ts';
import { type IndicatorRow, latestCaseFor, recordShare } from './store.ts';
import { scaled } from './summary.ts';

/**
 * Posts a shared indicator into its consortium space through the cases module's services (the
 * same label checks, notifications and live events as any post): appended to the open case
 * this org opened for the same vector, or a new case "DDoS on <provider>: <summary>". The case
 * is GREEN to the space, so its title names the vector and rate only when the indicator itself
 * is GREEN or CLEAR; a stricter indicator's details stay in the labelled post.
 */
export async function postToSpace(
  p: Platform,
  row: IndicatorRow,
  by: Principal | null,
): Promise<IndicatorRow> {
  if (!row.space_id) return row;
  const principal = by ?? orgPrincipal(row.org_id);
  const label = {
    tlp: row.tlp,
    recipientOrgIds: row.recipient_org_ids,
    recipientUserIds: row.recipient_user_ids,
  };
  // A person who named RED recipients is one of them already; the org itself names them all.
  try {
    const caseId = (await openCase(p, principal, row)) ?? (await newCase(p, principal, row));
    const post = await createPost(p, principal, caseId, {
      body: postBody(row),
      asOrgId: row.org_id,
      ...label,
      ...(label.tlp === 'RED' && principal.kind === 'user'
        ? { recipientUserIds: label.recipientUserIds.filter((u) => u !== principal.userId) }
        : {}),
    });
    await recordShare(p.db, row.id, { caseId, postId: post.id, error: null });
    return { ...row, case_id: caseId, post_id: post.id, share_error: null };
  } catch (err) {
    const error = err instanceof Error ? err.message.slice(0, 500) : 'could not post';
    p.log.warn({ err, indicatorId: row.id }, 'indicator shared but not posted into its space');
    await recordShare(p.db, row.id, { caseId: null, postId: null, error });
    return { ...row, share_error: error };
  }
}

/** The attack ended: one more post into the indicator's case with the final figures. */
export async function postEnded(p: Platform, row: IndicatorRow) {
  if (!row.case_id || row.state !== 'shared') return;
  await createPost(p, orgPrincipal(row.org_id), row.case_id, {
    body: `The ${row.content.summary.split(',')[0]} attack behind this indicator ended (last seen ${row.content.lastSeen}, peak ${rate(row)}).`,
    asOrgId: row.org_id,
    tlp: row.tlp,
    recipientOrgIds: row.recipient_org_ids,
    recipientUserIds: row.recipient_user_ids,
  }).catch((err) => p.log.warn({ err, indicatorId: row.id }, 'could not post the end of an attack'));
}

async function openCase(p: Platform, principal: Principal, row: IndicatorRow): Promise<string | null> {
  const prior = await latestCaseFor(p.db, row.org_id, row.space_id!, row.vector, row.id);
  if (!prior) return null;
  const c = await getCase(p, principal, prior.case_id).catch(() => null);
  return c && c.state !== 'closed' ? c.id : null;
}

async function newCase(p: Platform, principal: Principal, row: IndicatorRow): Promise<string> {
  const detailed = tlpRank(row.tlp) <= tlpRank('GREEN');
  const title = `DDoS on ${row.org_name}${detailed ? `: ${row.content.summary}` : ''}`.slice(0, 300);
  const c = await createCase(p, principal, row.space_id!, {
    kind: 'incident',
    title,
    tlp: 'GREEN',
    asOrgId: row.org_id,
  });
  return c.id;
}

const rate = (r: IndicatorRow) => `${scaled(r.content.peakBps)}bps / ${scaled(r.content.peakPps)}pps`;

/** The post: a readable summary and the indicator as a fenced JSON block (machines read it too). */
export function postBody(row: IndicatorRow): string {
  const c = row.content;
  const lines = [
    `**Indicator: ${c.summary}** (confidence ${c.confidence}/100, ${row.tlp}, expires ${row.expires_at.toISOString()})`,
    '',
    `- vector: \`${c.vector}\`${c.protocol ? `, protocol ${c.protocol}` : ''}${c.sourcePorts.length ? `, source ports ${c.sourcePorts.join(', ')}` : ''}${c.tcpFlags !== null ? `, TCP flags 0x${c.tcpFlags.toString(16).padStart(2, '0')}` : ''}`,
    `- peak: ${rate(row)}; seen ${c.firstSeen} – ${c.lastSeen}`,
    `- target: ${c.target ?? 'withheld'}`,
  ];
  if (c.reflectors.length)
    lines.push(
      `- reflectors: ${c.reflectors.length} (${c.reflectors
        .slice(0, 5)
        .map((r) => `${r.address}:${r.port}`)
        .join(', ')}${c.reflectors.length > 5 ? ', …' : ''})`,
    );
  if (c.sourcePrefixes.length) lines.push(`- source prefixes: ${c.sourcePrefixes.slice(0, 10).join(', ')}`);
  const { org: _org, ...doc } = presentIndicator(row);
  lines.push(
    '',
    '```json',
    JSON.stringify(
      {
        indicator: {
          id: doc.id,
          vector: doc.vector,
          protocol: doc.protocol,
          sourcePorts: doc.sourcePorts,
          reflectors: doc.reflectors,
          sourcePrefixes: doc.sourcePrefixes,
          target: doc.target,
          confidence: doc.confidence,
          expiresAt: doc.expiresAt,
        },
      },
      null,
      1,
    ),
    '```',
  );
  return lines.join('\n').slice(0, 20_000);
}
