"""Awards: recoveries recorded against them, and draws on and top-ups of an agency's security
deposit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from core import audit, notifications
from core.auth import SYSTEM, Principal, Role
from core.db import UnitOfWork
from core.validation import Money
from disputes import repository as repo
from disputes.agencies import AgencyRecord, agency_records
from disputes.cases import (
    _OFFICIALS,
    _agency_name,
    _visible_row,
    dispute_out,
    parties_of,
    reference,
)
from disputes.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from disputes.lifecycle import _notice_audiences
from disputes.rows import DepositAccountRow, DepositMovementRow, DisputeRow, OutcomeRow
from disputes.rules import Party
from disputes.schemas import DepositDrawPreviewOut, DepositMovementOut, DepositOut, DisputeOut
from disputes.steps import _notify_parties, _record_step
from registry import service as registry_service
from registry.schemas import LicenceOut

CENT = Decimal("0.01")


async def record_recovery(uow: UnitOfWork, *, dispute_id: int, amount: Money,
                          note: str | None, actor: Principal, now: datetime, today: date
                          ) -> DisputeOut:
    """Record a payment towards the award (the assigned attaché or a regulator)."""
    row, access = await _visible_row(uow, dispute_id, actor, for_update=True)
    if not parties_of(actor, row) & {Party.ATTACHE, Party.OFFICIAL}:
        raise NotAllowed("payment.not_yours")
    outcome = await repo.get_outcome(uow.conn, dispute_id, for_update=True)
    if outcome is None or not outcome["awarded_amount"]:
        raise Conflict("award.none")
    await _recover(uow, row, outcome, amount, source="payment", note=note, actor=actor)
    return await dispute_out(uow, row, actor, access, now=now, today=today)


def _check_recovery(outcome: OutcomeRow, amount: Money) -> None:
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    if amount.currency != outcome["currency"]:
        raise InvalidInput("amount.currency", "payment.wrong_currency",
                           currency=outcome['currency'])
    if amount.amount <= 0:
        raise InvalidInput("amount.amount", "payment.not_positive")
    if amount.amount > outstanding:
        raise InvalidInput("amount.amount", "payment.more_than_unpaid", outstanding=outstanding,
                           currency=outcome['currency'])


async def _recover(uow: UnitOfWork, row: DisputeRow, outcome: OutcomeRow,
                   amount: Money, *, source: str, note: str | None, actor: Principal) -> None:
    _check_recovery(outcome, amount)
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    await repo.insert_recovery(uow.conn, dispute_id=row["id"], amount=amount.amount,
                               currency=amount.currency, source=source, note=note,
                               recorded_by_user_id=actor.user_id)
    await repo.add_recovered(uow.conn, row["id"], amount.amount)
    left = outstanding - amount.amount
    await _record_step(uow, row, action=f"recover_{source}", actor=actor,
                       from_status=row["status"], to_status=row["status"], reason=note,
                       data={"amount": amount.model_dump(mode="json"),
                             "outstanding_after": left})
    await _notify_parties(
        uow, before=row, after=row, actor=actor, kind="dispute.recovery",
        subject=f"Dispute {reference(row)}: {amount.amount} {amount.currency} recovered"
                + (" from the agency's security deposit" if source == "deposit" else ""),
        body=f"{left} {amount.currency} of the award remains unpaid.",
        params={"case": reference(row), "amount": str(amount.amount),
                "currency": amount.currency, "left": str(left),
                "variant": "deposit" if source == "deposit" else None},
    )


async def _licence_with_deposit(uow: UnitOfWork, agency_id: int) -> LicenceOut:
    licences = await registry_service.list_licences(uow, actor=SYSTEM, agency_id=agency_id,
                                                    limit=1000)
    granted = [lic for lic in licences if lic.number is not None]
    if not granted:
        raise Conflict("deposit.never_licensed", agency_id=agency_id)
    in_force = [lic for lic in granted if lic.status in ("active", "suspended")]
    return max(in_force or granted, key=lambda lic: (lic.applied_at, lic.id))


def _movement_out(row: DepositMovementRow) -> DepositMovementOut:
    return DepositMovementOut(
        id=row["id"], kind=row["kind"],
        amount=Money(amount=row["amount"], currency=row["currency"]),
        dispute_id=row["dispute_id"], balance_after=row["balance_after"],
        top_up_owed_after=row["top_up_owed_after"], actor_label=row["actor_label"],
        reason=row["reason"], created_at=row["created_at"],
    )


async def get_deposit(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> DepositOut:
    """The agency's security deposit: balance, every movement and the top-up it owes."""
    if not (actor.role in _OFFICIALS or (actor.role == Role.AGENCY_STAFF
                                         and actor.agency_id == agency_id)):
        raise NotFound("agency", agency_id)
    account = await repo.get_account(uow.conn, agency_id)
    if account is None:
        try:
            licence = await _licence_with_deposit(uow, agency_id)
        except Conflict:
            raise NotFound("security deposit of agency", agency_id) from None
        deposit = licence.deposit
        return DepositOut(agency_id=agency_id, licence_id=licence.id, opening_balance=deposit,
                          balance=deposit, top_up_owed=Money(amount=Decimal("0.00"),
                                                             currency=deposit.currency),
                          movements=[])
    currency = account["currency"]
    return DepositOut(
        agency_id=agency_id, licence_id=account["licence_id"],
        opening_balance=Money(amount=account["opening_balance"], currency=currency),
        balance=Money(amount=account["balance"], currency=currency),
        top_up_owed=Money(amount=account["top_up_owed"], currency=currency),
        movements=[_movement_out(m) for m in await repo.list_movements(uow.conn, agency_id)],
    )


async def _open_account(uow: UnitOfWork, agency_id: int, actor: Principal) -> DepositAccountRow:
    """The agency's ledger, locked; opened from its licence's deposit the first time."""
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    if account is not None:
        return account
    licence = await _licence_with_deposit(uow, agency_id)
    await repo.open_account(uow.conn, agency_id=agency_id, licence_id=licence.id,
                            currency=licence.deposit.currency,
                            opening_balance=licence.deposit.amount)
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    assert account is not None
    if not await repo.list_movements(uow.conn, agency_id):
        await repo.insert_movement(
            uow.conn, agency_id=agency_id, kind="opening", amount=account["opening_balance"],
            currency=account["currency"], balance_after=account["balance"],
            top_up_owed_after=account["top_up_owed"], actor_user_id=actor.user_id,
            actor_label=actor.label,
            reason=f"the security deposit held under licence {licence.number}",
        )
    return account


@dataclass(frozen=True)
class _Draw:
    """A draw on an agency's security deposit, settled before anything is written."""

    row: DisputeRow
    outcome: OutcomeRow
    agency_id: int
    payment_due: date
    amount: Money
    currency: str
    balance: Decimal
    top_up_owed: Decimal
    ledger_open: bool


async def _plan_draw(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                     actor: Principal, today: date, lock: bool) -> _Draw:
    """Check that the deposit answers for this award now and settle the amount."""
    if actor.role not in _OFFICIALS:
        raise NotAllowed("deposit.regulator_only")
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=lock)
    outcome = await repo.get_outcome(uow.conn, dispute_id, for_update=lock)
    if outcome is None or not outcome["awarded_amount"]:
        raise Conflict("award.none")
    agency_id = row["agency_id"]
    if outcome["payable_by"] != "agency" or agency_id is None:
        raise Conflict("deposit.award_against_employer")
    due = cast(date, outcome["payment_due"])  # an award has its due date
    if today <= due:
        raise Conflict("deposit.not_yet_due", due=due)
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    if outstanding <= 0:
        raise Conflict("award.paid_in_full")
    # As the ledger keeps it, so the preview shows what is written.
    amount = Money(amount=(amount.amount if amount else outstanding).quantize(CENT),
                   currency=amount.currency if amount else cast(str, outcome["currency"]))
    account = await repo.get_account(uow.conn, agency_id, for_update=lock)
    if account is None:
        deposit = (await _licence_with_deposit(uow, agency_id)).deposit
        currency, balance, owed = deposit.currency, deposit.amount, Decimal(0)
    else:
        currency, balance, owed = (account["currency"], account["balance"],
                                   account["top_up_owed"])
    if currency != outcome["currency"]:
        raise Conflict("deposit.other_currency", deposit_currency=currency,
                       currency=outcome['currency'])
    _check_recovery(outcome, amount)
    if amount.amount > balance:
        raise Conflict("deposit.too_little", balance=balance, currency=currency)
    return _Draw(row, outcome, agency_id, due, amount, currency, balance, owed,
                 account is not None)


async def preview_deposit_draw(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                               reason: str, actor: Principal, now: datetime, today: date
                               ) -> DepositDrawPreviewOut:
    """What drawing an overdue award from the agency's security deposit would record and
    what would follow; nothing is written."""
    draw = await _plan_draw(uow, dispute_id=dispute_id, amount=amount, actor=actor,
                            today=today, lock=False)
    row, outcome, currency = draw.row, draw.outcome, draw.currency
    agency_name = await _agency_name(uow, row["agency_id"])
    assert agency_name is not None  # a draw needs the agency (checked in _plan_draw)
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    records = await agency_records(uow, since=now, agency_ids=[draw.agency_id])
    draws = records.get(draw.agency_id, AgencyRecord()).deposit_draws

    def money(value: Decimal) -> Money:
        return Money(amount=value.quantize(CENT), currency=currency)

    return DepositDrawPreviewOut(
        dispute_id=row["id"], reference=reference(row), agency_id=draw.agency_id,
        agency_name=agency_name, amount=draw.amount,
        payment_due=draw.payment_due, outstanding_before=money(outstanding),
        outstanding_after=money(outstanding - draw.amount.amount),
        balance_before=money(draw.balance),
        balance_after=money(draw.balance - draw.amount.amount),
        top_up_owed_after=money(draw.top_up_owed + draw.amount.amount), reason=reason,
        notices=await _notice_audiences(uow, row, row, actor),
        rating_deposit_draws_before=draws, rating_deposit_draws_after=draws + 1,
    )


async def draw_from_deposit(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                            reason: str, actor: Principal, now: datetime, today: date,
                            confirm: bool = False) -> DepositOut:
    """Pay an award the agency has not paid by its deadline out of the agency's security
    deposit, once confirmed; the agency then owes the deposit a top-up of the same
    amount."""
    draw = await _plan_draw(uow, dispute_id=dispute_id, amount=amount, actor=actor,
                            today=today, lock=True)
    if not confirm:
        raise InvalidInput("confirm", "deposit.confirm_draw")
    row, outcome, amount, agency_id = draw.row, draw.outcome, draw.amount, draw.agency_id
    account = await _open_account(uow, agency_id, actor)
    await _recover(uow, row, outcome, amount, source="deposit", note=reason, actor=actor)
    balance = account["balance"] - amount.amount
    owed = account["top_up_owed"] + amount.amount
    await repo.set_account(uow.conn, agency_id, balance=balance, top_up_owed=owed)
    await repo.insert_movement(
        uow.conn, agency_id=agency_id, kind="draw", amount=amount.amount,
        currency=amount.currency, dispute_id=dispute_id, balance_after=balance,
        top_up_owed_after=owed, actor_user_id=actor.user_id, actor_label=actor.label,
        reason=reason,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="deposit", entity_id=agency_id,
        agency_id=agency_id, action="draw", reason=reason,
        data={"dispute_id": dispute_id, "amount": amount.model_dump(mode="json"),
              "balance_after": balance, "top_up_owed_after": owed},
    )
    await notifications.notify(
        uow.conn, audience="agency", agency_id=agency_id, kind="deposit.draw",
        subject=f"{amount.amount} {amount.currency} was drawn from your security deposit",
        body=f"The award in dispute {reference(row)} was not paid by "
             f"{outcome['payment_due']}. Your deposit now holds {balance} "
             f"{amount.currency}; top it up by {owed} {amount.currency}.",
        params={"case": reference(row), "amount": str(amount.amount),
                "currency": amount.currency, "payment_due": str(outcome["payment_due"]),
                "balance": str(balance), "top_up": str(owed)},
    )
    await registry_service.agency_record_changed(uow, agency_id=agency_id,
                                                 cause="deposit.draw")
    return await get_deposit(uow, agency_id=agency_id, actor=actor)


async def record_top_up(uow: UnitOfWork, *, agency_id: int, amount: Money,
                        reason: str | None, actor: Principal) -> DepositOut:
    """Record money the agency paid back into its deposit."""
    if actor.role not in _OFFICIALS:
        raise NotAllowed("deposit.top_up_regulator_only")
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    if account is None or not account["top_up_owed"]:
        raise Conflict("deposit.no_top_up_owed", agency_id=agency_id)
    if amount.currency != account["currency"]:
        raise InvalidInput("amount.currency", "deposit.top_up_currency",
                           currency=account['currency'])
    if amount.amount <= 0 or amount.amount > account["top_up_owed"]:
        raise InvalidInput("amount.amount", "deposit.top_up_amount", owed=account['top_up_owed'],
                           currency=account['currency'])
    balance = account["balance"] + amount.amount
    owed = account["top_up_owed"] - amount.amount
    await repo.set_account(uow.conn, agency_id, balance=balance, top_up_owed=owed)
    await repo.insert_movement(
        uow.conn, agency_id=agency_id, kind="top_up", amount=amount.amount,
        currency=amount.currency, balance_after=balance, top_up_owed_after=owed,
        actor_user_id=actor.user_id, actor_label=actor.label, reason=reason,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="deposit", entity_id=agency_id,
        agency_id=agency_id, action="top_up", reason=reason,
        data={"amount": amount.model_dump(mode="json"), "balance_after": balance,
              "top_up_owed_after": owed},
    )
    return await get_deposit(uow, agency_id=agency_id, actor=actor)
