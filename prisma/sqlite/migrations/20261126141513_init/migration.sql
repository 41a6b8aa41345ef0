-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "isPoor" BOOLEAN NOT NULL DEFAULT false,
    "isWestern" BOOLEAN NOT NULL DEFAULT false,
    "exitYear" INTEGER,
    "policyKeptUntilYear" INTEGER,
    "ruralPopulation" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Region_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "headName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "povertyCause" TEXT NOT NULL,
    "registeredYear" INTEGER NOT NULL,
    "exitedYear" INTEGER,
    "benefitsUntil" DATETIME,
    "cityId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Household_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Region" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "birthYear" INTEGER NOT NULL,
    "canWork" BOOLEAN NOT NULL,
    "inSchool" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Member_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HouseholdYear" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "incomePerCapita" REAL NOT NULL,
    "foodSecure" BOOLEAN NOT NULL,
    "clothingSecure" BOOLEAN NOT NULL,
    "educationSecured" BOOLEAN NOT NULL,
    "medicalSecured" BOOLEAN NOT NULL,
    "housingSafe" BOOLEAN NOT NULL,
    "drinkingWaterSafe" BOOLEAN NOT NULL,
    "rigidSpending" REAL NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HouseholdYear_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "reason" TEXT,
    "workflowId" TEXT,
    "actorId" TEXT,
    CONSTRAINT "LedgerEntry_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cadre" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true
);

-- CreateTable
CREATE TABLE "CadreAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cadreId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "householdId" TEXT,
    "startYear" INTEGER NOT NULL,
    "endYear" INTEGER,
    CONSTRAINT "CadreAssignment_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CadreAssignment_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "helperCode" TEXT NOT NULL,
    "helperName" TEXT NOT NULL,
    "helpedCode" TEXT NOT NULL,
    "helpedName" TEXT NOT NULL,
    "mapping" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Cycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "regionId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "stage" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "configVersion" INTEGER NOT NULL DEFAULT 1,
    "progress" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReturnRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "workflowId" TEXT NOT NULL,
    "activeKey" TEXT,
    "requestedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    CONSTRAINT "ReturnRequest_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Task" (
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

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AccountabilityCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "stage" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'MANUAL',
    "outcome" TEXT,
    "openedById" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "AccountabilityCase_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "weight" REAL NOT NULL,
    "direction" TEXT NOT NULL,
    "scoring" JSONB NOT NULL,
    "source" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "recordedById" TEXT,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RankingSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "entries" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PublicNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "raisedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Objection_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PublicNotice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "regionId" TEXT,
    "outcome" TEXT NOT NULL,
    "details" JSONB,
    "workflowId" TEXT,
    "requestId" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_code_key" ON "Region"("code");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- CreateIndex
CREATE INDEX "Region_level_idx" ON "Region"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Household_code_key" ON "Household"("code");

-- CreateIndex
CREATE INDEX "Household_villageId_status_idx" ON "Household"("villageId", "status");

-- CreateIndex
CREATE INDEX "Household_townshipId_status_idx" ON "Household"("townshipId", "status");

-- CreateIndex
CREATE INDEX "Household_countyId_status_idx" ON "Household"("countyId", "status");

-- CreateIndex
CREATE INDEX "Household_cityId_status_idx" ON "Household"("cityId", "status");

-- CreateIndex
CREATE INDEX "Household_status_idx" ON "Household"("status");

-- CreateIndex
CREATE INDEX "Member_householdId_idx" ON "Member"("householdId");

-- CreateIndex
CREATE INDEX "HouseholdYear_year_idx" ON "HouseholdYear"("year");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdYear_householdId_year_key" ON "HouseholdYear"("householdId", "year");

-- CreateIndex
CREATE INDEX "LedgerEntry_householdId_at_idx" ON "LedgerEntry"("householdId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_workflowId_kind_key" ON "LedgerEntry"("workflowId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Cadre_code_key" ON "Cadre"("code");

-- CreateIndex
CREATE INDEX "Cadre_regionId_idx" ON "Cadre"("regionId");

-- CreateIndex
CREATE INDEX "CadreAssignment_cadreId_idx" ON "CadreAssignment"("cadreId");

-- CreateIndex
CREATE INDEX "CadreAssignment_villageId_kind_idx" ON "CadreAssignment"("villageId", "kind");

-- CreateIndex
CREATE INDEX "CadreAssignment_householdId_idx" ON "CadreAssignment"("householdId");

-- CreateIndex
CREATE UNIQUE INDEX "Pairing_kind_helperCode_helpedCode_helpedName_key" ON "Pairing"("kind", "helperCode", "helpedCode", "helpedName");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_workflowId_key" ON "Cycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_type_year_regionId_key" ON "Cycle"("type", "year", "regionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnRequest_workflowId_key" ON "ReturnRequest"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnRequest_activeKey_key" ON "ReturnRequest"("activeKey");

-- CreateIndex
CREATE INDEX "ReturnRequest_householdId_idx" ON "ReturnRequest"("householdId");

-- CreateIndex
CREATE INDEX "Task_status_assignedRole_dueAt_idx" ON "Task"("status", "assignedRole", "dueAt");

-- CreateIndex
CREATE INDEX "Task_regionId_status_idx" ON "Task"("regionId", "status");

-- CreateIndex
CREATE INDEX "Task_cycleId_idx" ON "Task"("cycleId");

-- CreateIndex
CREATE INDEX "Task_caseId_idx" ON "Task"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_workflowId_stepKey_key" ON "Task"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Notification_regionId_createdAt_idx" ON "Notification"("regionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_taskId_kind_key" ON "Notification"("taskId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "AccountabilityCase_workflowId_key" ON "AccountabilityCase"("workflowId");

-- CreateIndex
CREATE INDEX "AccountabilityCase_cadreId_idx" ON "AccountabilityCase"("cadreId");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorDefinition_year_version_code_key" ON "IndicatorDefinition"("year", "version", "code");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_cycleId_regionId_indicatorCode_key" ON "IndicatorValue"("cycleId", "regionId", "indicatorCode");

-- CreateIndex
CREATE INDEX "RankingSnapshot_year_status_idx" ON "RankingSnapshot"("year", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RankingSnapshot_cycleId_version_key" ON "RankingSnapshot"("cycleId", "version");

-- CreateIndex
CREATE INDEX "PublicNotice_subjectType_subjectId_idx" ON "PublicNotice"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicNotice_workflowId_stepKey_key" ON "PublicNotice"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Objection_noticeId_idx" ON "Objection"("noticeId");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigVersion_kind_year_version_key" ON "ConfigVersion"("kind", "year", "version");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_regionId_idx" ON "AuditEvent"("regionId");

