-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "assignedRole" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "allowedDecisions" TEXT NOT NULL DEFAULT 'APPROVE,REJECT,RETURN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "snapshot" JSONB,
    "cycleId" TEXT,
    "caseId" TEXT,
    "returnRequestId" TEXT,
    "decision" TEXT,
    "comment" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "escalatedToRegionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Task" ("assignedRole", "caseId", "comment", "createdAt", "cycleId", "decidedAt", "decidedById", "decision", "dueAt", "escalatedAt", "escalatedToRegionId", "id", "kind", "level", "regionId", "remindedAt", "returnRequestId", "snapshot", "status", "stepKey", "subjectId", "subjectType", "title", "version", "workflowId") SELECT "assignedRole", "caseId", "comment", "createdAt", "cycleId", "decidedAt", "decidedById", "decision", "dueAt", "escalatedAt", "escalatedToRegionId", "id", "kind", "level", "regionId", "remindedAt", "returnRequestId", "snapshot", "status", "stepKey", "subjectId", "subjectType", "title", "version", "workflowId" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE INDEX "Task_status_assignedRole_dueAt_idx" ON "Task"("status", "assignedRole", "dueAt");
CREATE INDEX "Task_regionId_status_idx" ON "Task"("regionId", "status");
CREATE INDEX "Task_cycleId_idx" ON "Task"("cycleId");
CREATE INDEX "Task_caseId_idx" ON "Task"("caseId");
CREATE UNIQUE INDEX "Task_workflowId_stepKey_key" ON "Task"("workflowId", "stepKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

