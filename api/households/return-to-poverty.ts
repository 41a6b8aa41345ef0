/** `POST /api/households/:id/return-to-poverty` (返贫录入): checks, then the kit's start service. */
import { Router } from 'express';
import { returnToPovertyProcess } from '../../processes/return-to-poverty.ts';
import { returnEligibility } from '../../rules/return-to-poverty.ts';
import { setAudit } from '../audit.ts';
import { authorize, currentUser, type AppDeps } from '../context.ts';
import { conflict, notFound, parseInput, unprocessable } from '../http.ts';
import { documentRoute } from '../openapi.ts';
import { startProcess } from '../processes/service.ts';
import { ReturnStarted, ReturnToPovertyBody } from './schemas.ts';

documentRoute({
  method: 'post',
  path: '/api/households/:id/return-to-poverty',
  summary: 'Propose re-registering an exited household (返贫录入); its steps appear as tasks',
  tag: 'households',
  body: ReturnToPovertyBody,
  response: ReturnStarted,
  status: 201,
  errors: [404, 409, 422, 503],
});

export function returnToPovertyRouter(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();
  router.post('/households/:id/return-to-poverty', async (req, res) => {
    setAudit(res, { action: 'RETURN_TO_POVERTY_PROPOSED', targetType: 'HOUSEHOLD', targetId: req.params.id });
    const user = currentUser(res);
    const body = parseInput(ReturnToPovertyBody, req.body, 'body');
    const h = await db.household.findUnique({ where: { id: req.params.id } });
    if (!h) throw notFound(`household ${req.params.id}`);
    setAudit(res, { action: 'RETURN_TO_POVERTY_PROPOSED', targetType: 'HOUSEHOLD', targetId: h.id, regionId: h.villageId, details: { reason: body.reason } });
    authorize(res, 'household.returnToPoverty', h.villageId);
    const verdict = returnEligibility(h);
    if (!verdict.eligible) throw unprocessable('NOT_EXITED', verdict.reason);
    // a request still pending from a process started before the kit (another workflow id)
    const pending = await db.returnRequest.findFirst({ where: { activeKey: h.id }, select: { id: true, workflowId: true, createdAt: true } });
    if (pending) {
      throw conflict('ALREADY_IN_PROGRESS', `a return to poverty of household ${h.code} is already in progress`, [
        { returnRequestId: pending.id, workflowId: pending.workflowId, since: pending.createdAt.toISOString(), householdCode: h.code, headName: h.headName },
      ]);
    }

    const returnRequestId = `rr_${crypto.randomUUID()}`;
    const started = await startProcess(
      deps,
      returnToPovertyProcess,
      {
        businessKey: h.id,
        regionCode: h.villageId,
        year: new Date().getUTCFullYear(),
        prepared: { returnRequestId, householdId: h.id, villageId: h.villageId, reason: body.reason, proposer: { id: user.id, name: user.username, role: user.role } },
      },
      user,
    );
    setAudit(res, {
      action: 'RETURN_TO_POVERTY_PROPOSED',
      targetType: 'HOUSEHOLD',
      targetId: h.id,
      regionId: h.villageId,
      details: { reason: body.reason, workflowId: started.workflowId, returnRequestId, configVersion: started.configVersion },
    });
    res.status(201).json({ workflowId: started.workflowId, returnRequestId, status: 'PENDING' });
  });
  return router;
}
