"""A sweep on a local dask cluster (two worker processes on the loopback interface)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cnscd_core.scenarios import run_many, scenario, sweep


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    )
    with cluster, Client(cluster) as dask_client:
        yield dask_client


def test_a_sweep_on_a_dask_cluster_equals_the_serial_sweep(client: Any) -> None:
    base = scenario("son-la", weeks=6, scale=0.01)
    grid = {"door_visits_per_member_week": [2.0, 6.0], "households_per_member": [None, 220]}
    on_dask = sweep(base, grid, runs=2, seed=3, executor=client)
    serial = sweep(base, grid, runs=2, seed=3)
    assert on_dask.rows == serial.rows
    assert len(on_dask.rows) == 4


def test_runs_on_a_dask_cluster(client: Any) -> None:
    base = scenario("tay-ninh", weeks=3, scale=0.01)
    runs = run_many(base, runs=2, seed=1, executor=client)
    assert runs.results[0].run == 0 and runs.results[1].run == 1
