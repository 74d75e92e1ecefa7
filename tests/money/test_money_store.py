"""End to end through the store: ingest FtM JSONL, run the money step, trace, flows, roles."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clew.cli.main import cli, main
from clew.errors import NotFound
from clew.evaluation.money import evaluate
from clew.evaluation.truth import Truth
from clew.ingest import ingest_paths
from clew.money import pipeline, query


def entity(id_, schema, **props):
    return json.dumps({"id": id_, "schema": schema, "properties": {k: [v] for k, v in props.items()}})


def fixture_lines():
    lines = [
        entity("seller", "Person", name="Sam Seller", country="ph"),
        entity("boss", "Person", name="Bo Boss", country="de"),
        entity("grp", "Organization", name="club", topics="clew.chatgroup"),
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


def ingest_fixture(store, folder):
    path = folder / "money.ftm.jsonl"
    path.write_text("\n".join(fixture_lines()) + "\n", encoding="utf-8")
    ingest_paths(store, [path])


def test_pipeline_trace_flows_and_roles(workspace, tmp_path):
    with workspace.store() as store:
        ingest_fixture(store, tmp_path)
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


def audit_rows(store, action):
    return [r for r in store.select("audit", order_by=["seq"]) if r["action"] == action]


def test_cli_trace_is_audited_and_unknown_target_is_one_line_not_found(workspace, tmp_path, capsys):
    with workspace.store() as store:
        ingest_fixture(store, tmp_path)
        pipeline.run(store)
    ws = ["-w", str(workspace.path)]
    assert main([*ws, "money", "trace", "w-b0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["start_accounts"] == ["w-b0"]
    with workspace.store() as store:
        traces = audit_rows(store, "money.trace")
    assert [t["target"] for t in traces] == ["w-b0"]
    assert json.loads(traces[0]["detail"])["steps"] > 0

    assert main([*ws, "money", "trace", "UNKNOWN"]) == NotFound.exit_code
    err = capsys.readouterr().err
    assert err.startswith("clew: error: ") and "'UNKNOWN'" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert main([*ws, "money", "trace", "w-b0", "--from", "May 2024"]) != 0
    assert "--from: not an ISO date 'May 2024'" in capsys.readouterr().err


def test_evaluate_scores_sellers_and_collectors_against_truth(store, tmp_path):
    ingest_fixture(store, tmp_path)
    pipeline.run(store)
    people = [
        {"person_id": "P-seller", "name": "S", "country": "PH", "syndicate_id": "", "roles": "seller",
         "arrested": "0"},
        {"person_id": "P-boss", "name": "B", "country": "DE", "syndicate_id": "", "roles": "admin;collector",
         "arrested": "0"},
    ]  # fmt: skip
    accounts = [
        {"account_id": "w-seller", "person_id": "P-seller", "kind": "e-wallet", "money_role": "seller"},
        {"account_id": "w-boss", "person_id": "P-boss", "kind": "bank", "money_role": "collector"},
        *({"account_id": f"w-b{i}", "person_id": f"P-b{i}", "kind": "e-wallet", "money_role": "buyer"}
          for i in range(5)),
    ]  # fmt: skip
    truth = Truth(people=people, accounts=accounts)
    rows = {(r["role"], r["level"]): r for r in evaluate(store, truth)["table"]}
    seller = rows[("seller", "account")]
    assert (seller["precision"], seller["recall"], seller["predicted"], seller["true"]) == (1.0, 1.0, 1, 1)
    assert rows[("seller", "person")]["f1"] == 1.0
    collector = rows[("collector", "account")]
    assert collector["predicted"] == 0 and collector["missed"] == ["w-boss"]
    assert (collector["precision"], collector["recall"]) == (0.0, 0.0)  # nothing found is not precise
    assert rows[("seller", "person, 2+ payers")]["true"] == 1  # five buyers: a market
    assert rows[("collector", "person, paid")]["true"] == 1
    assert rows[("collector", "person, 2+ payers")]["true"] == 0  # paid by its one seller only
    assert any(r["action"] == "evaluate.money" for r in store.select("audit"))
