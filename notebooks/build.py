"""Write the notebooks from this script, so their source stays reviewable as Python (run it after editing)."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(text) if kind == "md" else new_code_cell(text) for kind, text in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


COACH = [
    ("md", """# Coach's pipeline review

A sales coach does not read forty power maps one by one. They want to know **which deals are exposed,
why, and where the team's habits leave the same hole again and again**. This notebook scores a whole
pipeline (one table of contacts with an account column) and walks through the review a coach would
run on Monday morning.

The sample is `data/samples/pipeline.csv`: 200 synthetic accounts of about 40 people, each worked to a
different depth. Your own CRM export works the same way, as long as it has one row per contact and a
column naming the account."""),
    ("code", """from pathlib import Path
import matplotlib.pyplot as plt
import pandas as pd
import powermap
from powermap import portfolio

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
table = pd.read_csv(ROOT / "data/samples/pipeline.csv", dtype=str, keep_default_na=False)
result = portfolio.score(table, by="account")
print(result.summary())
accounts = result.accounts
accounts.head()"""),
    ("md", """## 1. Where is the pipeline exposed?

Every account gets a **coverage** score (0-100: roles engaged, decision power, influence-weighted
support, breadth across levels and departments, threads, mid-level allies) and a **risk** (low,
medium, high) that also counts the gaps' severities. Sort by risk, then by coverage, to get the
coach's worklist."""),
    ("code", """order = {"high": 0, "medium": 1, "low": 2}
worklist = accounts.sort_values(["risk", "coverage"], key=lambda s: s.map(order) if s.name == "risk" else s)
worklist[["account", "account_name", "stage", "coverage", "risk", "n_gaps", "gaps"]].head(10)"""),
    ("code", """fig, ax = plt.subplots(figsize=(7, 3.5))
colours = {"low": "#2e7d32", "medium": "#f9a825", "high": "#c62828"}
for risk in ("low", "medium", "high"):
    group = accounts[accounts["risk"] == risk]
    ax.scatter(group["stage"], group["coverage"], s=18, alpha=0.7, color=colours[risk], label=risk)
ax.set_xlabel("sales stage (1 planning ... 8 signing)")
ax.set_ylabel("coverage (0-100)")
ax.set_title("Coverage by stage: late-stage deals with low coverage are the urgent ones")
ax.legend(title="risk")
plt.show()"""),
    ("md", """## 2. Which gaps keep coming back?

A gap that appears in half the pipeline is not bad luck on one deal: it is a habit of the team.
Counting gap codes across accounts tells the coach what to train."""),
    ("code", """codes = accounts["gaps"].str.split(";").explode()
frequency = codes[codes != ""].value_counts()
fig, ax = plt.subplots(figsize=(7, 4))
frequency.sort_values().plot.barh(ax=ax, color="#455a64")
ax.set_xlabel("accounts with this gap")
ax.set_title("Most common gaps across the pipeline")
plt.show()
frequency.head(5)"""),
    ("md", """## 3. Coverage by seller and by stage

Each account is held mostly by one seller: the owner of most of its engaged contacts. Comparing
sellers, and stages, shows where coaching time pays most. (Scores are relative: a young deal at
stage 2 is expected to cover less than one at stage 6.)"""),
    ("code", """engaged = table[pd.to_numeric(table["relationship"], errors="coerce").fillna(0) >= 1]
lead = engaged.groupby("account")["owner"].agg(lambda o: o.value_counts().index[0]).rename("lead_seller")
by_seller = accounts.join(lead, on="account").groupby("lead_seller").agg(
    accounts=("account", "size"), median_coverage=("coverage", "median"),
    high_risk=("risk", lambda r: (r == "high").mean()))
by_stage = accounts.groupby("stage").agg(accounts=("account", "size"), median_coverage=("coverage", "median"))
display(by_seller.round(2))
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(by_stage.index.astype(str), by_stage["median_coverage"], color="#5c6bc0")
ax.set_xlabel("stage"); ax.set_ylabel("median coverage"); ax.set_title("Median coverage by stage")
plt.show()"""),
    ("md", """## 4. Drill into the riskiest late-stage deal

Pick the high-risk account furthest along (the one closest to a decision) and read its map the way
the account team will: the gaps with what to do, and the most influential people. The numbers are
exactly those `powermap analyze` prints for the account alone."""),
    ("code", """late = worklist[(worklist["risk"] == "high") & (worklist["stage"] >= 5)]
key = (late if len(late) else worklist).iloc[0]["account"]
rows = table[table["account"] == key]
facts = rows.iloc[0]
pm = powermap.from_frame(rows.drop(columns=["account", "account_name", "stage", "technicality", "as_of"]),
                         name=facts["account_name"], stage=facts["stage"], technicality=facts["technicality"],
                         as_of=facts["as_of"])
assert pm.coverage()["coverage"] == accounts.set_index("account").loc[key, "coverage"]
print(pm, "coverage", pm.coverage()["coverage"], "risk", pm.coverage()["risk"])
pm.gaps()[["severity", "code", "message", "advice"]]"""),
    ("code", """top = pm.scores().sort_values("influence_rank").head(8)
top[["name", "level", "roles", "effective_influence", "stance", "relationship", "engaged"]]"""),
    ("md", """## 5. What would change the picture?

`what_if` rebuilds the map with one change and lists the gaps it closes and opens: a cheap way to
decide which single relationship to invest in this week."""),
    ("code", """dm = pm.contacts[pm.contacts["roles"].map(lambda r: "decision_maker" in r)]["id"].iloc[0]
change = pm.what_if(dm, relationship="business", stance="supporter")
print(change)
change.resolved[["code", "severity", "message"]]"""),
]


def main() -> None:
    nbformat.write(notebook(COACH), HERE / "03-coach-pipeline-review.ipynb")


if __name__ == "__main__":
    main()
