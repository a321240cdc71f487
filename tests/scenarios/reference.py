"""A plain-Python reference of the weekly step: loops over members, contacts and persons.

It takes the same random numbers as the vectorised step (recorded, then replayed in the same
order and sizes) and must reach exactly the same state. It is slow on purpose: only tiny
populations go through it.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from cnscd_core.scenarios._model import ReplaySource, WeekRates
from cnscd_core.scenarios._params import ModelParams
from cnscd_core.scenarios._population import Population

SKILLS = 5
ALONE, TOP = 3, 4
DOOR, ZALO, MEETING, DESK = 0, 1, 2, 3


def level(skills: int, k: int) -> int:
    return (skills >> (3 * k)) & 7


def band_of(traits: int) -> int:
    return traits & 7


def owns_phone(traits: int) -> bool:
    return bool(traits & 8)


def vneid_of(traits: int) -> int:
    return (traits >> 4) & 3


def has_chip(traits: int) -> bool:
    return bool(traits & 64)


def pick(u: float, size: int) -> int:
    return min(int(u * size), max(size - 1, 0))


def person_mask(skills: int) -> int:
    bits = 0
    for k in range(SKILLS):
        if level(skills, k) >= ALONE:
            bits |= 1 << k
    if bits == 0b11111:
        bits |= 0b100000
    return bits


def reference_step(
    pop: Population, params: ModelParams, rates: WeekRates, src: ReplaySource
) -> dict[str, Any]:
    """One week on plain lists; returns the new state and the week's flows per village."""
    skills = [int(s) for s in pop.skills]
    traits = [int(t) for t in pop.traits]
    flags = [int(f) for f in pop.household_flags]
    start = [int(s) for s in pop.household_start]
    phones = [int(p) for p in pop.household_phones]
    vstart = [int(s) for s in pop.village_start]
    cstart = [int(s) for s in pop.commune_start]
    n_members = pop.n_members
    block_start = [int(x) for x in pop.member_block_start]
    block_size = [int(x) for x in pop.member_block_size]
    village = [int(x) for x in pop.member_village]
    commune = [int(x) for x in pop.member_commune]
    youth = [bool(x) for x in pop.member_youth]
    n_persons = len(skills)

    def size_of(h: int) -> int:
        return start[h + 1] - start[h]

    def village_of(h: int) -> int:
        return bisect.bisect_right(vstart, h) - 1

    def household_of(p: int) -> int:
        return bisect.bisect_right(start, p) - 1

    # 1. Members.
    u = src.random(n_members)
    active = [
        (u[i] >= rates.leave) if pop.member_active[i] else (u[i] < rates.recruit)
        for i in range(n_members)
    ]
    vm = [i for i in range(n_members) if active[i] and village[i] >= 0 and block_size[i] > 0]
    cm = [i for i in range(n_members) if active[i] and village[i] < 0]

    def visit_factor(i: int) -> float:
        return params.youth_visit_factor if youth[i] else 1.0

    def events(members: list[int], rate: float, factor: bool) -> list[int]:
        if rate <= 0:  # no draw at a zero rate
            return [0] * len(members)
        lam = [rate * (visit_factor(i) if factor else 1.0) for i in members]
        return [int(x) for x in src.poisson(np.array(lam))]

    n_door = events(vm, rates.door, True)
    n_zalo = events(vm, rates.zalo, True)
    n_meet = events(vm, rates.meet, False)
    n_desk = events(cm, rates.desk, True)

    contacts: list[tuple[int, int, int, int]] = []  # person, household, channel, member

    # 2. Door-to-door.
    door_members = [m for j, m in enumerate(vm) for _n in range(int(n_door[j]))]
    c = max(1, params.targeting_candidates)
    u = src.random(len(door_members) * c)
    door_houses = []
    for v, m in enumerate(door_members):
        cands = [block_start[m] + pick(u[v * c + j], block_size[m]) for j in range(c)]
        chosen = next((h for h in cands if not flags[h] & 0b100000), cands[0])
        door_houses.append((chosen, m))
    n_door_persons = sum(size_of(h) for h, _m in door_houses)
    u = src.random(n_door_persons)
    i = 0
    for h, m in door_houses:
        for p in range(start[h], start[h + 1]):
            if u[i] < params.presence[band_of(traits[p])]:
                contacts.append((p, h, DOOR, m))
            i += 1

    # 3. Zalo.
    zalo_members = [
        m for j, m in enumerate(vm)
        for _n in range(int(n_zalo[j])) for _k in range(params.zalo_households_per_post)
    ]  # fmt: skip
    u = src.random(len(zalo_members))
    for n, m in enumerate(zalo_members):
        h = block_start[m] + pick(u[n], block_size[m])
        for p in range(start[h], start[h + 1]):
            if owns_phone(traits[p]):
                contacts.append((p, h, ZALO, m))

    # 4. Meetings.
    meet_members = [
        m for j, m in enumerate(vm)
        for _n in range(int(n_meet[j])) for _a in range(params.meeting_attendees)
    ]  # fmt: skip
    u1 = src.random(len(meet_members))
    u2 = src.random(len(meet_members))
    for n, m in enumerate(meet_members):
        v = village[m]
        h = vstart[v] + pick(u1[n], vstart[v + 1] - vstart[v])
        p = start[h] + pick(u2[n], size_of(h))
        contacts.append((p, h, MEETING, m))

    # 5. Desk.
    desk_members = [m for j, m in enumerate(cm) for _n in range(int(n_desk[j]))]
    u1 = src.random(len(desk_members))
    u2 = src.random(len(desk_members))
    desk_houses = []
    for n, m in enumerate(desk_members):
        cc = commune[m]
        h = cstart[cc] + pick(u1[n], cstart[cc + 1] - cstart[cc])
        p = start[h] + pick(u2[n], size_of(h))
        desk_houses.append(h)
        contacts.append((p, h, DESK, m))

    # 6-7. Learning, VNeID, chip.
    n = len(contacts)
    u_learn = src.random(n)
    u_chip = src.random(n)
    u_vneid = src.random(n)
    gains: set[int] = set()
    new_chip: set[int] = set()
    vneid_up: set[int] = set()
    guided: list[int] = []
    for i, (p, h, ch, m) in enumerate(contacts):
        levels = [level(skills[p], k) for k in range(SKILLS)]
        ranks = [(-1 if k == rates.focus else k) for k in range(SKILLS)]
        scores = [levels[k] * 8 + ranks[k] for k in range(SKILLS)]
        if ch == DESK and levels[0] < TOP:
            scores[0] = -100
        k = min(range(SKILLS), key=lambda j: (scores[j], j))
        target = levels[k] + 1
        b = band_of(traits[p])
        own = owns_phone(traits[p])
        shared = phones[h] > 0
        vneid = vneid_of(traits[p])
        access = 1.0 if own else (params.shared_phone_factor if shared else 0.0)
        factor = access if target >= 2 else 1.0
        ok = b >= 1 and target <= params.channel_top_level[ch] and factor > 0
        if k == 0 and target >= 2 and vneid == 0:
            ok = False
        teach = params.youth_teach_factor if youth[m] else 1.0
        chance = (
            params.learn_to_level[min(target, TOP)] * params.age_learning[b] * factor
            * params.channel_factor[ch] * teach * rates.learn
        )  # fmt: skip
        if ok and u_learn[i] < min(chance, 1.0):
            gains.add(p * SKILLS + k)
        counted = ch in (DOOR, DESK) and b >= 1
        if counted:
            guided.append(h)
            chip = has_chip(traits[p])
            if not chip and u_chip[i] < rates.chip:
                new_chip.add(p)
            if (
                (own or shared)
                and u_vneid[i] < rates.vneid
                and (vneid == 0 or (vneid == 1 and chip))
            ):
                vneid_up.add(p)

    # 8. Background processes.
    total = n_persons * SKILLS

    def candidates(rate: float) -> list[tuple[int, int, float]]:
        k = src.binomial(total, rate)
        keys = sorted(pick(x, total) for x in src.random(k))
        accept = src.random(k)
        return [(key // SKILLS, key % SKILLS, float(accept[i])) for i, key in enumerate(keys)]

    for p, k, a in candidates(params.household_word_of_mouth):
        lv = level(skills[p], k)
        h = household_of(p)
        b = band_of(traits[p])
        acc = 1.0 if owns_phone(traits[p]) else (
            params.shared_phone_factor if phones[h] > 0 else 0.0
        )  # fmt: skip
        if lv + 1 < 2:
            acc = 1.0
        has = bool((flags[h] >> k) & 1)
        if b >= 1 and lv < ALONE and has and acc > 0 and a < min(params.age_learning[b] * acc, 1):
            gains.add(p * SKILLS + k)

    shares = []
    for v in range(len(vstart) - 1):
        houses = range(vstart[v], vstart[v + 1])
        shares.append([sum((flags[h] >> k) & 1 for h in houses) / max(len(houses), 1)
                       for k in range(SKILLS)])  # fmt: skip
    person_village_start = [start[h] for h in vstart]
    for p, k, a in candidates(params.village_zalo_word_of_mouth):
        lv = level(skills[p], k)
        b = band_of(traits[p])
        v = bisect.bisect_right(person_village_start, p) - 1
        if (
            b >= 1
            and owns_phone(traits[p])
            and lv < ALONE
            and (a < shares[v][k] * min(params.age_learning[b], 1.0))
        ):
            gains.add(p * SKILLS + k)

    for p, k, _a in candidates(params.practice):
        if level(skills[p], k) == ALONE and owns_phone(traits[p]):
            gains.add(p * SKILLS + k)

    top_rate = max(params.forgetting)
    losses: set[int] = set()
    for p, k, a in candidates(top_rate):
        lv = level(skills[p], k)
        if lv >= 1 and a * top_rate < params.forgetting[min(lv, TOP)]:
            losses.add(p * SKILLS + k)

    # 9. Apply.
    for key in gains:
        p, k = divmod(key, SKILLS)
        skills[p] += 1 << (3 * k)
    for key in losses - gains:
        p, k = divmod(key, SKILLS)
        skills[p] -= 1 << (3 * k)
    for p in new_chip:
        traits[p] |= 64
    for p in vneid_up:
        traits[p] += 16
    for h, _m in door_houses:
        flags[h] |= 0b1000000
    for h in desk_houses:
        flags[h] |= 0b1000000
    for h in range(len(flags)):
        bits = 0
        for p in range(start[h], start[h + 1]):
            bits |= person_mask(skills[p])
        flags[h] = (flags[h] & 0b11000000) | bits

    # 10. Flows.
    n_v = len(vstart) - 1
    visits = [0.0] * n_v
    for h in [h for h, _m in door_houses] + desk_houses:
        visits[village_of(h)] += 1
    persons_guided = [0.0] * n_v
    for h in guided:
        persons_guided[village_of(h)] += 1
    return {
        "skills": skills,
        "traits": traits,
        "household_flags": flags,
        "member_active": active,
        "visits": visits,
        "persons_guided": persons_guided,
    }
