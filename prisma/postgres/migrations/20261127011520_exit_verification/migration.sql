-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'FIRST_SECRETARY';

-- CreateTable
CREATE TABLE "ExitCounty" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "cityId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "poorCounty" BOOLEAN NOT NULL,
    "villages" INTEGER NOT NULL DEFAULT 0,
    "villagesDone" INTEGER NOT NULL DEFAULT 0,
    "assessed" INTEGER NOT NULL DEFAULT 0,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "exited" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "villagesExited" INTEGER NOT NULL DEFAULT 0,
    "sample" JSONB,
    "tests" JSONB,
    "testsPassed" BOOLEAN,
    "flags" INTEGER NOT NULL DEFAULT 0,
    "discrepancy" JSONB,
    "outcome" TEXT,
    "outcomeReason" TEXT,
    "policyKeptUntilYear" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExitCounty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExitVillage" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "poorVillage" BOOLEAN NOT NULL,
    "assessed" INTEGER NOT NULL DEFAULT 0,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "acknowledged" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "exited" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "appraisal" JSONB,
    "noticeId" TEXT,
    "incidence" JSONB,
    "villageOutcome" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExitVillage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExitHousehold" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "candidate" BOOLEAN NOT NULL,
    "assessment" JSONB NOT NULL,
    "reasonZh" TEXT NOT NULL,
    "reasonEn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "acknowledged" BOOLEAN,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "acknowledgementNote" TEXT,
    "exitedAt" TIMESTAMP(3),
    "refusal" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExitHousehold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartmentImport" (
    "id" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "importedById" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DepartmentImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartmentFact" (
    "id" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "householdCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "criterion" TEXT NOT NULL,
    "value" BOOLEAN NOT NULL,
    "row" INTEGER NOT NULL,
    "note" TEXT,

    CONSTRAINT "DepartmentFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampleEntry" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "householdId" TEXT,
    "slot" INTEGER,
    "visitedName" TEXT,
    "meetsStandard" BOOLEAN,
    "failedCriteria" TEXT,
    "acknowledges" BOOLEAN,
    "approves" BOOLEAN,
    "missed" BOOLEAN,
    "missedPeople" INTEGER,
    "note" TEXT,
    "foundById" TEXT,
    "foundAt" TIMESTAMP(3),
    "findingSource" TEXT,
    "disputeReason" TEXT,
    "disputedById" TEXT,
    "disputedAt" TIMESTAMP(3),
    "disputeStatus" TEXT,
    "disputeComment" TEXT,
    "disputeDecidedById" TEXT,
    "disputeDecidedAt" TIMESTAMP(3),

    CONSTRAINT "SampleEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExitFlag" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "messageZh" TEXT NOT NULL,
    "messageEn" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExitFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExitCounty_workflowId_key" ON "ExitCounty"("workflowId");

-- CreateIndex
CREATE INDEX "ExitCounty_cycleId_cityId_idx" ON "ExitCounty"("cycleId", "cityId");

-- CreateIndex
CREATE UNIQUE INDEX "ExitCounty_cycleId_countyId_key" ON "ExitCounty"("cycleId", "countyId");

-- CreateIndex
CREATE UNIQUE INDEX "ExitVillage_workflowId_key" ON "ExitVillage"("workflowId");

-- CreateIndex
CREATE INDEX "ExitVillage_cycleId_countyId_idx" ON "ExitVillage"("cycleId", "countyId");

-- CreateIndex
CREATE INDEX "ExitVillage_cycleId_townshipId_idx" ON "ExitVillage"("cycleId", "townshipId");

-- CreateIndex
CREATE UNIQUE INDEX "ExitVillage_cycleId_villageId_key" ON "ExitVillage"("cycleId", "villageId");

-- CreateIndex
CREATE INDEX "ExitHousehold_cycleId_villageId_status_idx" ON "ExitHousehold"("cycleId", "villageId", "status");

-- CreateIndex
CREATE INDEX "ExitHousehold_cycleId_countyId_status_idx" ON "ExitHousehold"("cycleId", "countyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ExitHousehold_cycleId_householdId_key" ON "ExitHousehold"("cycleId", "householdId");

-- CreateIndex
CREATE INDEX "DepartmentImport_year_department_idx" ON "DepartmentImport"("year", "department");

-- CreateIndex
CREATE INDEX "DepartmentFact_householdCode_year_idx" ON "DepartmentFact"("householdCode", "year");

-- CreateIndex
CREATE INDEX "DepartmentFact_importId_idx" ON "DepartmentFact"("importId");

-- CreateIndex
CREATE INDEX "SampleEntry_cycleId_countyId_idx" ON "SampleEntry"("cycleId", "countyId");

-- CreateIndex
CREATE INDEX "SampleEntry_householdId_idx" ON "SampleEntry"("householdId");

-- CreateIndex
CREATE UNIQUE INDEX "SampleEntry_cycleId_countyId_ordinal_key" ON "SampleEntry"("cycleId", "countyId", "ordinal");

-- CreateIndex
CREATE INDEX "ExitFlag_cycleId_countyId_idx" ON "ExitFlag"("cycleId", "countyId");

-- CreateIndex
CREATE UNIQUE INDEX "ExitFlag_cycleId_householdId_kind_key" ON "ExitFlag"("cycleId", "householdId", "kind");

-- AddForeignKey
ALTER TABLE "DepartmentFact" ADD CONSTRAINT "DepartmentFact_importId_fkey" FOREIGN KEY ("importId") REFERENCES "DepartmentImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

