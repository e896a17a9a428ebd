import type { ContextFunctions } from '@govshare/blueprint';
import type { Role } from '@govshare/domain/kernel';

// Who may call what. The domain (packages/domain/src/review) then checks the finer rule: the
// submitter of this project, a reviewer of an office not from the submitting unit.
const submitter: Role[] = ['project-submitter'];
/** The offices that decide: the two offices and, above its threshold, the leading group (信息化领导小组办公室). */
const officeReviewers: Role[] = ['egov-reviewer', 'finance-reviewer', 'leading-group-reviewer'];
/** Readers of a project: its unit's submitters (the route checks the unit), the deciding offices, auditors. */
const projectReaders: Role[] = [
  'project-submitter',
  'egov-reviewer',
  'finance-reviewer',
  'leading-group-reviewer',
  'auditor',
  'platform-admin',
];
/** The e-government office keeps the plan and the register of systems; the platform admin the rule file. */
const registerKeepers: Role[] = ['egov-reviewer', 'platform-admin'];
const reportReaders: Role[] = [
  'egov-reviewer',
  'finance-reviewer',
  'leading-group-reviewer',
  'auditor',
  'platform-admin',
];

/**
 * Project pre-review (电子政务项目预审): a department files a project with its budget lines; the
 * `project-checks` consumer runs the machine checks (plan fit, cloud first, data registered, no
 * re-collection, duplicate construction, budget rules, security) once per project version; the
 * e-government and finance offices decide in parallel, and above the leading-group threshold of the
 * rule file's review tiers the leading group's office decides after both; on approval the approval reply (批复) is
 * requested from the exchange (queue `official-drafts`), and fund control asks one route whether a
 * project is approved and for how much.
 *
 * Items of the `review` table (one partition per project keeps its versions, checks, to-dos and
 * history together). Keys are built in table-keys.ts only.
 *   project:   pk PROJECT#<id>  sk PROJECT        gsi1pk PROJECTS#<year created, CST>  gsi1sk <unit>#<createdAt>#<id>
 *                                               the current state, content of the open version, decisions,
 *                                               checks summary, approved budget, reply document id
 *   version:   pk PROJECT#<id>  sk VERSION#<0001> a submitted version's content, frozen at submission
 *   checks:    pk PROJECT#<id>  sk CHECKS#<0001>  the machine-check report of one version, written once
 *                                               (a condition on its absence: re-running repeats nothing)
 *   to-do:     pk PROJECT#<id>  sk TODO#<office>  gsi1pk WORKLIST#<office>  gsi1sk <since>#<id>
 *                                               while the office (egov | finance | leading-group) may decide
 *                                               the version in review and has not: the leading group's is put
 *                                               when its turn opens (both offices approved)
 *   history:   pk PROJECT#<id>  sk EVENT#<at>#<000>  one line per transition (ids, versions, amounts; no text)
 *   corpus:    pk CORPUS#<shard 0–7>  sk PROJECT#<id> | SYSTEM#<id>
 *                                               what the duplicate-construction check compares with: each
 *                                               project's latest submitted version, the earlier projects of
 *                                               the years before the platform, and every existing
 *                                               information system (the register, 信息系统目录, lives here)
 *              pk CORPUS#<shard>     sk REVISION  the shard's revision, +1 in every write of its entries
 *   plan item: pk PLAN  sk ITEM#<code>           a 规划 item: name, envelope (fen), state, and the sum
 *                                               approved against it (added in the approval's transaction)
 *   rules:     pk RULES  sk CURRENT | VERSION#<000>  the budget rules and similarity thresholds, versioned
 *   upload:    pk ATTACHMENT#<upload id>  sk ATTACHMENT   a presigned upload and its checked SHA-256
 *              (the file at projects/uploads/<upload id> in the documents bucket, platform/uploads.ts)
 *   content:   pk ATTACHMENT#<unit>#<sha256>  sk CONTENT  a completed upload of the unit, copied to
 *                                               projects/<unit>/<sha256>: what a project's attachments name
 *   idempotency: pk idempotency#<function>       the first answers of idempotent creates (platform/idempotency.ts)
 */
export const reviewFunctions = {
  review: {
    kind: 'http',
    entry: 'functions/src/review/handler.ts',
    description:
      'Project pre-review: submissions, versions, machine-check results, office decisions, fund status, reports',
    memoryMb: 1024,
    tables: { review: 'readwrite', identity: 'read', catalogue: 'read' },
    buckets: { documents: 'readwrite' },
    sendsTo: ['project-checks', 'official-drafts', 'audit-trail'],
    routes: {
      // ------------------------------------------------------------------ submitting
      createProject: {
        method: 'POST',
        path: '/v1/review/projects',
        access: submitter,
        idempotent: true,
        summary: 'File a project as a draft: functions, budget lines, deployment, plan item, data',
      },
      listProjects: {
        method: 'GET',
        path: '/v1/review/projects',
        access: projectReaders,
        summary: "Projects by state, unit, plan item and tier (a submitter sees the unit's own)",
      },
      getProject: {
        method: 'GET',
        path: '/v1/review/projects/{id}',
        access: projectReaders,
        summary: 'One project: its state, current content, checks summary, decisions, approved budget',
      },
      editProject: {
        method: 'PUT',
        path: '/v1/review/projects/{id}',
        access: submitter,
        summary: 'Edit a draft (a submitted version is frozen: 409)',
      },
      submitProject: {
        method: 'POST',
        path: '/v1/review/projects/{id}/submit',
        access: submitter,
        summary: 'Submit the draft: the version is frozen and queued for the machine checks',
      },
      reviseProject: {
        method: 'POST',
        path: '/v1/review/projects/{id}/revise',
        access: submitter,
        summary: 'Start the next version of a returned project, with its new content (a draft again)',
      },
      withdrawProject: {
        method: 'POST',
        path: '/v1/review/projects/{id}/withdraw',
        access: submitter,
        summary: 'Withdraw a project before its final decision',
      },
      listProjectVersions: {
        method: 'GET',
        path: '/v1/review/projects/{id}/versions',
        access: projectReaders,
        summary: 'Every version of a project, with when and by whom',
      },
      getProjectVersion: {
        method: 'GET',
        path: '/v1/review/projects/{id}/versions/{version}',
        access: projectReaders,
        summary: 'The content of one version as it was submitted',
      },
      diffProjectVersions: {
        method: 'GET',
        path: '/v1/review/projects/{id}/diff',
        access: projectReaders,
        summary: 'What changed between two versions (?from=&to=), field by field and line by line',
      },
      projectHistory: {
        method: 'GET',
        path: '/v1/review/projects/{id}/history',
        access: projectReaders,
        summary: 'Every transition of a project: who, when, what',
      },
      createProjectAttachment: {
        method: 'POST',
        path: '/v1/review/attachments',
        access: submitter,
        idempotent: true,
        summary: 'A presigned upload for an attachment (feasibility study, 密码应用方案 …)',
      },
      completeProjectAttachment: {
        method: 'POST',
        path: '/v1/review/attachments/{id}/complete',
        access: submitter,
        summary: 'Check an uploaded attachment against its declared SHA-256 and size',
      },
      // ------------------------------------------------------------------ machine checks (机审)
      getProjectChecks: {
        method: 'GET',
        path: '/v1/review/projects/{id}/checks',
        access: projectReaders,
        summary:
          'The machine-check report of a version (?version=, default the current): every finding explained',
      },
      rerunProjectChecks: {
        method: 'POST',
        path: '/v1/review/projects/{id}/checks',
        access: registerKeepers,
        summary: 'Queue the checks of the version in review again (the same version gives the same report)',
      },
      // ------------------------------------------------------------------ human review
      reviewWorklist: {
        method: 'GET',
        path: '/v1/review/worklist',
        access: officeReviewers,
        summary: "What waits for my office's decision, oldest first, with working days waited",
      },
      decideProject: {
        method: 'POST',
        path: '/v1/review/projects/{id}/decisions',
        access: officeReviewers,
        summary: 'Approve, approve with cuts (核减) per line, return with comments per item, or reject',
      },
      requestApprovalReply: {
        method: 'POST',
        path: '/v1/review/projects/{id}/reply',
        access: ['egov-reviewer'],
        summary: 'Ask the exchange again for the approval reply (批复) of an approved project (drafted once)',
      },
      projectFunding: {
        method: 'GET',
        path: '/v1/review/projects/{id}/funding',
        access: [
          'fund-controller',
          'finance-reviewer',
          'egov-reviewer',
          'leading-group-reviewer',
          'project-submitter',
          'auditor',
        ],
        summary: 'Fund control: is the project approved, and for how much (per line)',
      },
      // ------------------------------------------------------------------ what the e-government office keeps
      listPlanItems: {
        method: 'GET',
        path: '/v1/review/plan-items',
        access: 'authenticated',
        summary: 'The 规划 items: envelope, state, approved against each and what remains',
      },
      putPlanItem: {
        method: 'PUT',
        path: '/v1/review/plan-items/{code}',
        access: registerKeepers,
        summary: 'Add or change a plan item (envelope, state)',
      },
      listSystems: {
        method: 'GET',
        path: '/v1/review/systems',
        access: 'authenticated',
        summary: 'The register of existing information systems (信息系统目录), by unit',
      },
      putSystem: {
        method: 'PUT',
        path: '/v1/review/systems/{id}',
        access: registerKeepers,
        summary: 'Register or change an existing system: unit, name, functions, deployment',
      },
      getReviewRules: {
        method: 'GET',
        path: '/v1/review/rules',
        access: 'authenticated',
        summary: 'The budget rules and duplicate-construction thresholds in force, with their version',
      },
      putReviewRules: {
        method: 'PUT',
        path: '/v1/review/rules',
        access: ['platform-admin'],
        summary: 'A new version of the rule file (earlier reports keep the version they were judged by)',
      },
      // ------------------------------------------------------------------ reports
      pipelineReport: {
        method: 'GET',
        path: '/v1/review/reports/pipeline',
        access: reportReaders,
        summary:
          'The pipeline by state, unit, plan item and tier: requested vs approved, cut rate, duplicates caught, days with each office',
      },
    },
  },
  'project-checks': {
    kind: 'consumer',
    entry: 'functions/src/review/checks-consumer.ts',
    description: 'Runs the machine checks of a submitted project version, once per version',
    queue: 'project-checks',
    batchSize: 5,
    // The duplicate-construction index of earlier projects and systems is built once per warm
    // instance and kept up to date from the corpus partitions (see machine-checks.ts).
    memoryMb: 1024,
    timeoutSeconds: 100,
    tables: { review: 'readwrite', identity: 'read', catalogue: 'read' },
    sendsTo: ['audit-trail'],
  },
} as const satisfies ContextFunctions;
