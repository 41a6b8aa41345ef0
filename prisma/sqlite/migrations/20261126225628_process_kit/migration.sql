-- DropIndex
DROP INDEX "LedgerEntry_workflowId_kind_key";

-- DropIndex
DROP INDEX "ReturnRequest_workflowId_key";

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "processId" TEXT;
-- a ledger entry written by a return to poverty names its request
UPDATE "LedgerEntry" SET "processId" = (SELECT "id" FROM "ReturnRequest" WHERE "ReturnRequest"."workflowId" = "LedgerEntry"."workflowId")
  WHERE "kind" = 'RETURNED' AND "workflowId" IS NOT NULL;

-- CreateTable
CREATE TABLE "NotificationRead" (
    "notificationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "readAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("notificationId", "userId"),
    CONSTRAINT "NotificationRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "processType" TEXT NOT NULL,
    "processId" TEXT,
    "workflowId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "assignedRole" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "subjectLabel" TEXT NOT NULL DEFAULT '',
    "dueAt" DATETIME NOT NULL,
    "allowedDecisions" TEXT NOT NULL DEFAULT 'APPROVE,REJECT,RETURN',
    "commentRequiredFor" TEXT NOT NULL DEFAULT 'REJECT,RETURN',
    "formSchema" JSONB,
    "payload" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "snapshot" JSONB,
    "cycleId" TEXT,
    "caseId" TEXT,
    "decision" TEXT,
    "comment" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "escalatedToRegionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- Existing tasks are all of return to poverty (the only process before the kit): their request id
-- becomes the process id, the step is the step key without its round, the wording is the step's.
INSERT INTO "new_Task" ("allowedDecisions", "assignedRole", "caseId", "comment", "createdAt", "cycleId", "decidedAt", "decidedById", "decision", "dueAt", "escalatedAt", "escalatedToRegionId", "id", "kind", "level", "regionId", "remindedAt", "snapshot", "status", "stepKey", "subjectId", "subjectType", "title", "version", "workflowId", "processType", "processId", "step", "labels", "commentRequiredFor")
  SELECT "allowedDecisions", "assignedRole", "caseId", "comment", "createdAt", "cycleId", "decidedAt", "decidedById", "decision", "dueAt", "escalatedAt", "escalatedToRegionId", "id", "kind", "level", "regionId", "remindedAt", "snapshot", "status", "stepKey", "subjectId", "subjectType", "title", "version", "workflowId",
    'RETURN_TO_POVERTY', "returnRequestId",
    CASE WHEN instr("stepKey", '#') > 0 THEN substr("stepKey", 1, instr("stepKey", '#') - 1) ELSE "stepKey" END,
    CASE "kind"
      WHEN 'RETURN_TO_POVERTY_TOWNSHIP_CHECK' THEN '{"zh":{"step":"返贫录入乡镇审核"},"en":{"step":"Return to poverty: township check"}}'
      WHEN 'RETURN_TO_POVERTY_COUNTY_APPROVAL' THEN '{"zh":{"step":"返贫录入县级审批"},"en":{"step":"Return to poverty: county approval"}}'
      WHEN 'RETURN_TO_POVERTY_REVISE' THEN '{"zh":{"step":"返贫录入退回修改","decisions":{"APPROVE":"重新提交","REJECT":"撤回申请"}},"en":{"step":"Return to poverty: revise the proposal","decisions":{"APPROVE":"Resubmit","REJECT":"Withdraw"}}}'
      ELSE '{"zh":{"step":"' || "kind" || '"},"en":{"step":"' || "kind" || '"}}' END,
    CASE "kind" WHEN 'RETURN_TO_POVERTY_REVISE' THEN 'APPROVE,REJECT' ELSE 'REJECT,RETURN' END
  FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE INDEX "Task_status_assignedRole_dueAt_idx" ON "Task"("status", "assignedRole", "dueAt");
CREATE INDEX "Task_regionId_status_idx" ON "Task"("regionId", "status");
CREATE INDEX "Task_processType_processId_idx" ON "Task"("processType", "processId");
CREATE INDEX "Task_cycleId_idx" ON "Task"("cycleId");
CREATE INDEX "Task_caseId_idx" ON "Task"("caseId");
CREATE UNIQUE INDEX "Task_workflowId_stepKey_key" ON "Task"("workflowId", "stepKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "NotificationRead_userId_idx" ON "NotificationRead"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_householdId_kind_processId_key" ON "LedgerEntry"("householdId", "kind", "processId");

-- CreateIndex
CREATE INDEX "ReturnRequest_workflowId_idx" ON "ReturnRequest"("workflowId");

