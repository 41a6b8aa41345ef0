-- CreateIndex
CREATE INDEX "LedgerEntry_at_id_idx" ON "LedgerEntry"("at", "id");

