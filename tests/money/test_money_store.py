"""End to end through the store: ingest FtM JSONL, run the money step, trace, flows, roles."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clew.cli.main import cli
from clew.ingest import ingest_paths
from clew.money import pipeline, query


def entity(id_, schema, **props):
    return json.dumps({"id": id_, "schema": schema, "properties": {k: [v] for k, v in props.items()}})


def fixture_lines():
    lines = [
        entity("seller", "Person", name="Sam Seller", country="ph"),
        entity("boss", "Person", name="Bo Boss", country="de"),
        entity("grp", "Organization", name="club"),
        entity("w-seller", "BankAccount", accountNumber="W-1", accountType="e-wallet", country="ph"),
        entity("w-boss", "BankAccount", iban="DE89370400440532013000"),
        entity("own-1", "Ownership", owner="seller", asset="w-seller"),
        entity("own-2", "Ownership", owner="boss", asset="w-boss"),
        entity("m-seller", "Membership", member="seller", organization="grp"),
    ]
    for i in range(5):
        lines += [
            entity(f"buyer{i}", "Person", name=f"Buyer {i}", country="ph"),
            entity(f"w-b{i}", "BankAccount", accountNumber=f"B-{i}", accountType="e-wallet", country="ph"),
            entity(f"own-b{i}", "Ownership", owner=f"buyer{i}", asset=f"w-b{i}"),
            entity(f"m-b{i}", "Membership", member=f"buyer{i}", organization="grp"),
            entity(f"pay-b{i}", "Payment", payerAccount=f"w-b{i}", beneficiaryAccount="w-seller",
                   amount="1500", currency="PHP", date=f"2024-05-0{i + 1}"),
        ]  # fmt: skip
    lines.append(
        entity("pay-fwd", "Payment", payerAccount="w-seller", beneficiaryAccount="w-boss",
               amount="60", currency="EUR", date="2024-05-09")
    )  # fmt: skip
    return lines


def test_pipeline_trace_flows_and_roles(workspace, tmp_path):
    path = tmp_path / "money.ftm.jsonl"
    path.write_text("\n".join(fixture_lines()) + "\n", encoding="utf-8")
    with workspace.store() as store:
        ingest_paths(store, [path], progress=False)
        summary = pipeline.run(store)
        assert summary["payments"] == 6 and summary["patterns"]["seller"] == 1
        roles = {(r["subject_id"], r["role"]) for r in store.select("subject_roles", {"analysis": "money"})}
        subject_of = {r["account_id"]: r["subject_id"] for r in store.select("money_accounts")}
        assert (subject_of["w-seller"], "seller") in roles
        assert (subject_of["w-boss"], "foreign-funds") in roles
        assert (subject_of["w-b0"], "buyer") in roles
        countries = {
            r["account_id"]: (r["country"], r["country_rule"]) for r in store.select("money_accounts")
        }
        assert countries["w-boss"] == ("DE", "iban-country")
        assert countries["w-seller"] == ("PH", "kyc-country")

        doc = query.run_trace(store, "w-b0", hops=2)
        assert [s["payment"] for s in doc["steps"]] == ["pay-b0", "pay-fwd"]
        php = doc["steps"][0]["amount_reporting"]
        assert 15 < php < 35  # 1,500 PHP in EUR at May 2024 rates
        assert doc["steps"][1]["flow"] == round(php, 2)  # FIFO: b0's money was the first lot
        assert {(c["from"], c["to"]) for c in doc["countries"]} == {("PH", "PH"), ("PH", "DE")}
        back = query.run_trace(store, "boss", direction="backward", hops=2)
        assert back["start_accounts"] == ["w-boss"]
        assert {s["payment"] for s in back["steps"] if s["hop"] == 2} == {f"pay-b{i}" for i in range(3)}
        flows = query.flow_matrix(store)
        cross = [c for c in flows["flows"] if c["cross_border"]]
        assert [(c["from"], c["to"], c["payments"]) for c in cross] == [("PH", "DE", 1)]
        assert any(a["action"] == "money.trace" for a in store.select("audit"))

    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    out = runner.invoke(cli, [*ws, "money", "trace", "w-b0", "--ftm"])
    assert out.exit_code == 0, out.output
    entities = [json.loads(line) for line in out.output.splitlines()]
    assert {e["schema"] for e in entities} == {"Payment", "BankAccount"}
    out = runner.invoke(cli, [*ws, "money", "patterns", "--json", "--pattern", "seller"])
    assert json.loads(out.output)[0]["account_id"] == "w-seller"
    out = runner.invoke(cli, [*ws, "money", "flows", "--json"])
    assert json.loads(out.output)["currency"] == "EUR"
