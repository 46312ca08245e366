"""Write the notebooks from this script, so their source stays reviewable as Python (run it after editing)."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(text) if kind == "md" else new_code_cell(text) for kind, text in cells]
    for number, cell in enumerate(nb.cells):  # stable ids: rebuilding leaves unchanged notebooks unchanged
        cell.id = f"cell-{number:02d}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


COACH = [
    (
        "md",
        """# Coach's pipeline review

A sales coach does not read forty power maps one by one. They want to know **which deals are exposed,
why, and where the team's habits leave the same hole again and again**. This notebook scores a whole
pipeline (one table of contacts with an account column) and walks through the review a coach would
run on Monday morning.

The sample is `data/samples/pipeline.csv`: 200 synthetic accounts of about 40 people, each worked to a
different depth. Your own CRM export works the same way, as long as it has one row per contact and a
column naming the account.""",
    ),
    (
        "code",
        """from pathlib import Path
import matplotlib.pyplot as plt
import pandas as pd
import powermap
from powermap import portfolio

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
table = pd.read_csv(ROOT / "data/samples/pipeline.csv", dtype=str, keep_default_na=False)
result = portfolio.score(table, by="account")
print(result.summary())
accounts = result.accounts
accounts.head()""",
    ),
    (
        "md",
        """## 1. Where is the pipeline exposed?

Every account gets a **coverage** score (0-100: roles engaged, decision power, influence-weighted
support, breadth across levels and departments, threads, mid-level allies) and a **risk** (low,
medium, high) that also counts the gaps' severities. `result.review()` is what `powermap portfolio`
prints after its count: the risk mix, the most common gaps, and the coach's worklist of the riskiest
deals, high risk first, then the latest stage (a deal near its decision has the least time left to
mend), the most risk points and the lowest coverage.""",
    ),
    (
        "code",
        """review = result.review(top=10)
display(review.risk_table())
review.riskiest[["account", "account_name", "stage", "coverage", "risk", "risk_points", "n_gaps"]]""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(7, 3.5))
colours = {"low": "#2e7d32", "medium": "#f9a825", "high": "#c62828"}
for risk in ("low", "medium", "high"):
    group = accounts[accounts["risk"] == risk]
    ax.scatter(group["stage"], group["coverage"], s=18, alpha=0.7, color=colours[risk], label=risk)
ax.set_xlabel("sales stage (1 planning ... 8 signing)")
ax.set_ylabel("coverage (0-100)")
ax.set_title("Coverage by stage: late-stage deals with low coverage are the urgent ones")
ax.legend(title="risk")
plt.show()""",
    ),
    (
        "md",
        """## 2. Which gaps keep coming back?

A gap that appears in half the pipeline is not bad luck on one deal: it is a habit of the team.
Counting gap codes across accounts tells the coach what to train.""",
    ),
    (
        "code",
        """frequency = review.common_gaps(n=25).set_index("code")  # each account counted once per code
fig, ax = plt.subplots(figsize=(7, 4))
frequency["accounts"].sort_values().plot.barh(ax=ax, color="#455a64")
ax.set_xlabel("accounts with this gap")
ax.set_title("Most common gaps across the pipeline")
plt.show()
frequency.head(5)""",
    ),
    (
        "md",
        """## 3. Coverage by seller and by stage

Each account is held mostly by one seller: the owner of most of its engaged contacts. Comparing
sellers, and stages, shows where coaching time pays most. (Scores are relative: a young deal at
stage 2 is expected to cover less than one at stage 6.)""",
    ),
    (
        "code",
        """engaged = table[pd.to_numeric(table["relationship"], errors="coerce").fillna(0) >= 1]
lead = engaged.groupby("account")["owner"].agg(lambda o: o.value_counts().index[0]).rename("lead_seller")
by_seller = accounts.join(lead, on="account").groupby("lead_seller").agg(
    accounts=("account", "size"), median_coverage=("coverage", "median"),
    high_risk=("risk", lambda r: (r == "high").mean()))
by_stage = accounts.groupby("stage").agg(accounts=("account", "size"), median_coverage=("coverage", "median"))
display(by_seller.round(2))
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(by_stage.index.astype(str), by_stage["median_coverage"], color="#5c6bc0")
ax.set_xlabel("stage"); ax.set_ylabel("median coverage"); ax.set_title("Median coverage by stage")
plt.show()""",
    ),
    (
        "md",
        """## 4. Drill into the riskiest late-stage deal

Take the top of the worklist, the high-risk account furthest along (the one closest to a decision),
and read its map the way the account team will: the gaps with what to do, and the most influential
people. The numbers are exactly those `powermap analyze` prints for the account alone.""",
    ),
    (
        "code",
        """key = review.riskiest["account"].iat[0]
rows = table[table["account"] == key]
facts = rows.iloc[0]
pm = powermap.from_frame(rows.drop(columns=["account", "account_name", "stage", "technicality", "as_of"]),
                         name=facts["account_name"], stage=facts["stage"], technicality=facts["technicality"],
                         as_of=facts["as_of"])
assert pm.coverage()["coverage"] == accounts.set_index("account").loc[key, "coverage"]
print(pm, "coverage", pm.coverage()["coverage"], "risk", pm.coverage()["risk"])
pm.gaps()[["severity", "code", "message", "advice"]]""",
    ),
    (
        "code",
        """top = pm.scores().sort_values("influence_rank").head(8)
top[["name", "level", "roles", "effective_influence", "stance", "relationship", "engaged"]]""",
    ),
    (
        "md",
        """## 5. What would change the picture?

`what_if` rebuilds the map with one change and lists the gaps it closes and opens: a cheap way to
decide which single relationship to invest in this week.""",
    ),
    (
        "code",
        """dm = pm.contacts[pm.contacts["roles"].map(lambda r: "decision_maker" in r)]["id"].iloc[0]
change = pm.what_if(dm, relationship="business", stance="supporter")
print(change)
change.resolved[["code", "severity", "message"]]""",
    ),
]

QUICKSTART = [
    (
        "md",
        """# Quickstart: from a contact list to the gaps a coach would circle

A power map answers three questions about a deal: **who decides, who influences them, and where we
stand with each**. powermap reads the contacts an account team already keeps (one row per person,
with their buying role, level, reporting line, influence, stance toward us and how deep our
relationship goes) and turns them into an influence graph, scores and a list of gaps.

We use the bundled sample of Hartwell Precision Castings, a manufacturer at stage 4 of 8 (demo and
technical exchange).""",
    ),
    (
        "code",
        """from pathlib import Path
import powermap

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
SAMPLES = ROOT / "data" / "samples"
pm = powermap.load(SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv",
                   name="Hartwell Precision Castings", stage=4, technicality="high", as_of="2026-11-15")
pm  # a notebook shows the score, the risk and the most severe gaps""",
    ),
    (
        "md",
        """## 1. The six buying roles, and who holds them

Every deal has the same six **buying roles** (docs/methodology.md §1): the *initiator* who starts the project,
*technical supporters* who judge the solution, *key users* who will live with it, the *inside coach*
who tells us how things really work, *advisors* the decision maker listens to, and the *decision
maker*. A role can be held by several people, and one person can hold several roles. The loader
accepts the words teams actually use (Miller Heiman, MEDDIC, CRM labels, Chinese terms) and says
what it inferred.""",
    ),
    ("code", """pm.summary()"""),
    (
        "code",
        """pm.contacts[["id", "name", "title", "level", "level_source", "roles", "stance", "influence", "relationship"]].head(12)""",
    ),
    (
        "md",
        """## 2. Who really carries weight

A title is not influence. powermap blends the influence the team declared with what the reporting
lines and influence links say: **PageRank** on the "who listens to whom" graph, **brokerage**
(betweenness: who sits on the paths between others) and **reach to the decision maker**. The result
is `effective_influence` (0-1), ranked.""",
    ),
    (
        "code",
        """scores = pm.scores().sort_values("influence_rank")
scores[["name", "level", "roles", "declared_influence", "pagerank", "brokerage", "reach_to_decision",
        "effective_influence", "stance", "engaged"]].head(10)""",
    ),
    (
        "md",
        """## 3. Coverage and the gaps

The **coverage** score (0-100) adds six parts a coach checks: buying roles engaged, decision makers
engaged and supportive, influence-weighted support, breadth across levels and departments, threads
(not depending on one relationship), and mid-level allies. **Risk** also counts the gaps' severities.
Each gap names the people concerned and says what to do about it.""",
    ),
    (
        "code",
        """pm.coverage()[["coverage", "risk", "points_roles", "points_decision", "points_support",
               "points_breadth", "points_threads", "points_mid_level"]]""",
    ),
    ("code", """pm.gaps()[["severity", "code", "message", "advice"]]"""),
    (
        "md",
        """Read the list the way a coach would: the CFO, Catherine Brandt, opposes us and leans to a
competitor; a key user resists; the CEO has not been contacted for four months; and we went around
the COO's assistant. None of these shows on a pipeline report, and each can lose the deal.

## 4. The org chart

Each card is a person, placed under the person they report to. The coloured band and the glyph are the
stance: ++ champion, + supporter, 0 neutral, − skeptic, −− blocker, ? stance unknown. A dashed grey card
(⊘ not engaged) is someone we have not reached yet; on the others the border grows with the depth of the
relationship.
The chips along the bottom are the buying roles, the letters in the corner the owner's initials, and a
red frame marks everyone named in a high-severity gap. Grey lines show who reports to whom; the
coloured lines are the links: influences, trusted by (the arrow runs from who is trusted to who
trusts), allies, rivals, and works with (dotted: met together in meetings, from `--activities`). A large organisation is drawn with its key people only (`pm.plot(focus="all")`
draws everyone).""",
    ),
    (
        "code",
        """import matplotlib.pyplot as plt
figure = pm.plot()
plt.show()""",
    ),
    (
        "md",
        """Two more views a coach reaches for: the six roles against the status of their holders, and the
**influence-vs-support** grid (the power-interest grid): the people in the lower right can sink the
deal.""",
    ),
    (
        "code",
        """from powermap.render.coverage_charts import influence_support, role_grid
role_grid(pm)
plt.show()
influence_support(pm)
plt.show()""",
    ),
    (
        "md",
        """## 5. What if?

Which single relationship is worth the most this week? `what_if` rebuilds the map with one change and
shows the gaps it closes. Here: what if we won the CFO over to neutral?""",
    ),
    (
        "code",
        """cfo = pm.contacts.set_index("name").loc["Catherine Brandt", "id"]
change = pm.what_if(cfo, stance="neutral", relationship="acquainted")
print(change)
change.resolved[["code", "severity", "message"]]""",
    ),
    (
        "md",
        """The same analysis runs from the command line (`powermap analyze`, `chart`, `html`, `report`) and
for whole pipelines (`powermap portfolio`, notebook 03).""",
    ),
]

INTERACTIVE = [
    (
        "md",
        """# The interactive power map: build, filter, redact, export

Planners share power maps with people who do not run Python. `powermap html` (or `pm.to_html`)
writes **one self-contained HTML file** that opens offline in any browser: hover a person for their
role, stance, influence, relationship, owner and gaps; filter by role, stance or department; search
by name; click a gap to see its people.

Every text in the file is shown as text: a name or note pasted from a CRM can never run as code.""",
    ),
    (
        "code",
        """from pathlib import Path
import powermap

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
SAMPLES = ROOT / "data" / "samples"
pm = powermap.load(SAMPLES / "chinese_utility.csv", name="江临市供水集团有限公司", stage=3, as_of="2026-11-15")
pm""",
    ),
    (
        "md",
        """## 1. Show it here

`pm.show()` displays the map inside the notebook (JupyterLab, the classic notebook and VS Code). It
runs in an isolated frame, so the notebook's own page is untouched. Gap messages can be in Chinese
with `lang="zh"`.""",
    ),
    ("code", """pm.show(lang="zh", height=560)"""),
    (
        "md",
        """## 2. What the map holds

The page is built from plain data, the same you can inspect here: one record per person with its
position (the org-chart layout is computed in Python, so the browser never has to untangle it), the
reporting lines and influence links, and the gaps with the people they name.""",
    ),
    (
        "code",
        """from powermap.render.map import map_data
import pandas as pd

data = map_data(pm, lang="zh")
pd.DataFrame(data["nodes"])[["name", "department", "roles", "stance", "relationship", "effective_influence", "gaps"]].head(8)""",
    ),
    (
        "md",
        """Filtering happens in the page, but the same question is one line of pandas. Say a planner wants
everyone whose stance is unknown or negative in the departments that decide the deal:""",
    ),
    (
        "code",
        """people = pd.DataFrame(data["nodes"])
people[(people["stance"].isna()) | (people["stance"] < 0)][["name", "title", "department", "stance"]]""",
    ),
    (
        "md",
        """## 3. Redact before you forward

A map sent outside the account team must not carry private notes, which colleague owns which
relationship, competitor leanings, or **who our inside coach is**: that relationship stays
confidential (docs/methodology.md §1). `redact=True` drops all of them from the nodes, the legend, the gaps
and the embedded data, not just from the screen.""",
    ),
    (
        "code",
        """full = pm.to_html()
redacted = pm.to_html(redact=True)
contacts = pm.contacts
secrets = [t for field in ("notes", "owner", "competitor") for t in contacts[field] if t]
print(f"{len(secrets)} private texts; in the full map: {sum(s in full for s in secrets)}, "
      f"in the redacted one: {sum(s in redacted for s in secrets)}")
print("inside-coach role in the redacted file:", "inside_coach" in redacted)""",
    ),
    (
        "md",
        """## 4. Export

`to_html(path)` writes the file; the command line does the same with
`powermap html FILE -o map.html --redact`. The coach's report (`pm.report(path)` or `powermap report`)
adds the score, every gap with advice and the static charts, and prints cleanly to PDF.""",
    ),
    (
        "code",
        """import tempfile
out = Path(tempfile.mkdtemp()) / "power-map-redacted.html"
pm.to_html(out, redact=True, lang="zh")
report = pm.report(Path(out.parent) / "coach-report.html", lang="zh")
print(out.name, f"{out.stat().st_size / 1e6:.1f} MB;", report.name, f"{report.stat().st_size / 1e6:.1f} MB")""",
    ),
    (
        "md",
        """## 5. Big organisations

Positions are precomputed and physics stays off, so a map of 5,000 people opens in a couple of
seconds. Above 5,000 people, each department opens folded into one node; click it to unfold. The
`fold_above` option sets the threshold: here we fold even this small map to see how it looks.""",
    ),
    (
        "code",
        """pm.show(height=420)  # the full map
from powermap.render.map import MapView, power_map_html
MapView(power_map_html(pm, fold_above=10), pm.account.name, height=420)""",
    ),
]


LEARN = [
    (
        "md",
        """# Learning from history: which gaps went with lost deals?

The gap rules in powermap come from sales methodology: they say what *usually* matters in a key-account
sale. A team's own closed deals say what mattered *for them*. This notebook trains a model on closed
deals (each account's power map at its last review, and whether it was won or lost), reads what the
model found, compares it with the methodology's rules, and then gives every open deal a **win
probability** and the three **drivers** that pull it down most.

**The history here is simulated.** `data/samples/history.csv` holds 600 closed accounts made by
`powermap.sim.simulate`, whose win chances follow effects taken from the methodology (an unreached decision
maker lowers them strongly, an engaged inside coach raises them, and so on). Because we know the truth,
we can check what the model recovers. For real use, train on your own team's closed deals:
`powermap learn CONTACTS --by account --outcomes OUTCOMES -o team.model`.""",
    ),
    (
        "code",
        """%matplotlib inline
from pathlib import Path
import matplotlib.pyplot as plt
import pandas as pd
from powermap import learn, portfolio
from powermap.sim.simulate import TRUE_EFFECTS

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
history = pd.read_csv(ROOT / "data/samples/history.csv", dtype=str, keep_default_na=False)
outcomes = pd.read_csv(ROOT / "data/samples/history_outcomes.csv", dtype=str)
print(history["account"].nunique(), "closed accounts;", outcomes["won"].value_counts().to_dict())
model = learn.fit(history, outcomes, by="account")
report = model.report()
report""",
    ),
    (
        "md",
        """## 1. Does the model rank won deals above lost ones?

Every figure below is **out of fold**: the accounts were split into five folds, and each fold was
scored by a model trained on the other four, so no account was scored by a model that had seen its
outcome. The **ROC AUC** is the chance that a randomly chosen won deal is ranked above a randomly
chosen lost one: 0.5 is a coin toss, 1.0 perfect. Beside it stands the AUC of powermap's own
**coverage score**, the methodology's fixed weighting of the same figures, untrained.""",
    ),
    (
        "code",
        """scores = report.scores
pd.DataFrame({
    "ROC AUC": [scores["roc_auc"], scores["coverage_roc_auc"], 0.5],
    "Brier score": [scores["brier"], None, scores["baseline"]["brier"]],
}, index=["learned model (out of fold)", "coverage score alone", "no skill (always the win rate)"]).round(3)""",
    ),
    ("code", """report.roc_figure()"""),
    (
        "md",
        """## 2. Can its probabilities be taken at face value?

A model can rank well and still say "80%" for deals that are won half the time. The **calibration
curve** sorts the accounts into ten equal groups by predicted probability and plots the share of each
group that was actually won; a calibrated model follows the diagonal. The **Brier score** is the mean
squared gap between the probability and the outcome (lower is better); always predicting the overall
win rate is the no-skill baseline.""",
    ),
    ("code", """report.calibration_figure()"""),
    (
        "md",
        """## 3. What went with won and lost deals?

The default model is a logistic regression, so each feature has one readable **effect**: the change in
the log-odds of a win when a gap is present (or a role engaged), or when a figure is one standard
deviation higher. An effect of -0.7 multiplies the odds of winning by about 0.5. The bars show 90%
bootstrap intervals (the model refitted on 100 resamples of the accounts); where an interval crosses
zero, this history does not say which way the feature goes.""",
    ),
    ("code", """report.effects_figure()"""),
    (
        "code",
        """table = report.table()
table[["description", "unit", "effect", "low", "high", "win_rate_with", "win_rate_without", "rule_says", "data_says"]].round(2)""",
    ),
    (
        "md",
        """## 4. The data against the rules

Every gap rule encodes a principle the methodology holds to lower the win chance; every role engaged
should raise it. Where the data agrees, the rule is confirmed *for this team*; where the data finds no
clear effect, the rule did not separate this team's wins from its losses (which may mean the team
already handles it well, or that it is rare in the history). Because this history is simulated, we can
also put the simulator's true effects beside the learned ones.""",
    ),
    (
        "code",
        """compare = table.set_index("feature")[["description", "unit", "effect", "low", "high", "rule_says", "data_says"]]
# the simulator's effects are per unit; put them in the table's units (a figure's per one standard deviation)
per_sd = model.scale_.reindex(compare.index).where(compare["unit"].eq("+1 sd"), 1.0)
compare["true_effect"] = pd.Series(TRUE_EFFECTS).reindex(compare.index).fillna(0.0) * per_sd
compare["agrees_with_rule"] = compare["data_says"].eq(compare["rule_says"])
print(f"{compare['agrees_with_rule'].sum()} of {len(compare)} features move the way the rules say with a clear interval")
compare.sort_values("effect").round(2)""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(6, 6))
colours = compare["true_effect"].ne(0).map({True: "#c62828", False: "#9e9e9e"})
ax.errorbar(compare["true_effect"], compare["effect"], yerr=[compare["effect"] - compare["low"],
            compare["high"] - compare["effect"]], fmt="none", ecolor="#bdbdbd", lw=1)
ax.scatter(compare["true_effect"], compare["effect"], c=colours, zorder=3)
lim = [-2.5, 2.5]
ax.plot(lim, lim, ls="--", color="#616161", lw=1)
ax.set_xlim(lim); ax.set_ylim(lim)
ax.set_xlabel("true effect in the simulator (log-odds; 0: none)")
ax.set_ylabel("learned effect (log-odds, 90% interval)")
ax.set_title("Recovered effects (red: features the simulator uses)")
for name, row in compare[compare["true_effect"].ne(0)].iterrows():
    ax.annotate(row["description"], (row["true_effect"], row["effect"]), fontsize=7, xytext=(4, 2),
                textcoords="offset points")
plt.show()""",
    ),
    (
        "md",
        """The strong effects come back with the right sign, and the features the simulator ignores
cluster around zero. Where a point sits off the diagonal, look for its partner: features that go
together in real deals (support share and the number of supporters; a resistant key user and an
influential blocker) share credit between them, and a regression cannot tell which of two correlated
habits did the work. With a few hundred deals, the intervals are wide: that is the honest size of what
one team's history can say.

## 5. Score the open pipeline

The same model gives each open deal a probability and the three features that pull it down most,
each with its contribution to the log-odds against the average training account. The drivers list only
what a team could change: a gap that is present, a role not engaged, a figure below the typical one.""",
    ),
    (
        "code",
        """open_deals = pd.read_csv(ROOT / "data/samples/pipeline.csv", dtype=str, keep_default_na=False)
result = portfolio.score(open_deals, by="account")
scored = model.annotate(result).sort_values("win_probability")
pd.set_option("display.max_colwidth", 200)
scored[["account", "stage", "coverage", "risk", "win_probability", "drivers"]].head(8)""",
    ),
    (
        "code",
        """fig, ax = plt.subplots(figsize=(7, 4))
colours = {"low": "#2e7d32", "medium": "#f9a825", "high": "#c62828"}
for risk in ("low", "medium", "high"):
    group = scored[scored["risk"] == risk]
    ax.scatter(group["coverage"], group["win_probability"], s=16, alpha=0.7, color=colours[risk], label=risk)
ax.set_xlabel("coverage score (methodology)")
ax.set_ylabel("win probability (learned from history)")
ax.set_title("Open deals: the rules' score against the history's probability")
ax.legend(title="risk")
plt.show()""",
    ),
    (
        "md",
        """Where the two disagree is where a coach should look: a deal with good coverage but a low
probability has something this team's history punishes (often an unreached decision maker or no inside
coach); a deal with modest coverage but a good probability has what this team's wins had in common.

## 6. Keep the model, and read it with care

`model.save(path)` writes the model and, beside it, a **model card** (JSON: features, training size,
class balance, scores, effects, library versions, date). The model file is JSON numbers (coefficients,
scaler, calibration; a tree model's nodes), never a pickle: opening one a colleague sends runs nothing,
and it gives the same probabilities in any scikit-learn version.

What the model cannot do:

- **Correlation is not causation.** Teams engage decision makers in deals that are going well; a model
  trained on history credits the engagement with the win either way. Use the effects to ask questions,
  not to prove that one habit wins deals.
- **Thirty features, one history.** With a 90% interval, about one feature in ten with no real effect
  still looks clear by chance; trust effects that are large, clear and consistent with experience.
- **History ages.** A model learns the team, market and products of its history; retrain it as
  deals close, and do not carry it to another team.
- **This sample is simulated.** Its "truth" is an assumption about how power maps relate to wins,
  taken from the methodology; your own closed deals are what the model is for.""",
    ),
    (
        "code",
        """import tempfile
with tempfile.TemporaryDirectory() as folder:
    card_path = model.save(Path(folder) / "team.model")
    again = learn.load(Path(folder) / "team.model")
    assert (again.predict_proba(result)[:, 1] == model.predict_proba(result)[:, 1]).all()
    card = pd.read_json(card_path, typ="series")
card[["kind", "estimator", "trained_at"]].to_dict() | {"training": {k: card["training"][k] for k in ("accounts", "won", "lost")}}""",
    ),
]


PLAN = [
    (
        "md",
        """# Plan the next moves: who to work on, through whom, and what it buys

The gaps say what is wrong with a deal. The question every deal review ends on is the next one:
**who do we work on next, through whom, and what does it buy us?** `pm.plan()` answers it on the
influence graph. It tries one concrete change per person (engage, deepen, win over, bring a blocker
round, refresh a stale contact, find a missing role holder, add a second owner), re-runs the whole
analysis on each changed map, and ranks the changes by what they buy per unit of effort. The best
one is applied and the next step is chosen on the changed map, so the plan reads as an order of
work.

We walk Hartwell Precision Castings (stage 4, demo and technical exchange) from its gaps to a
three-step plan and its paths on the map.""",
    ),
    (
        "code",
        """from pathlib import Path
import pandas as pd
import powermap

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
SAMPLES = ROOT / "data" / "samples"
pm = powermap.load(SAMPLES / "manufacturer.csv", links=SAMPLES / "manufacturer_links.csv",
                   name="Hartwell Precision Castings", stage=4, technicality="high", as_of="2026-11-15")
pm.gaps()[["severity", "code", "message"]]""",
    ),
    (
        "md",
        """## 1. Three steps

Each row is one change to one person. `change` is exactly what `pm.what_if` takes; `via` is the
warm path from someone we already engage (target excluded); `member` is who of our team should act;
`resolves` and `opens` are the gap codes the change closes and opens; `coverage_after` and
`risk_after` are the analysis of the map with this and every earlier step applied; `cost` grows with
the person's level, the length of the path (a cold approach costs most) and their opposition.""",
    ),
    (
        "code",
        """steps = pm.plan(steps=3)
steps[["rank", "action", "member", "resolves", "coverage_after", "risk_after", "cost"]]""",
    ),
    (
        "md",
        """The CFO, whom the CEO trusts, is against us: a deal-killer, which makes the deal high risk whatever
else is fine. A seasoned coach would start there, and so does the plan: engage the plant controller
she listens to (nobody of ours knows him, so a cold approach through Finance), win him over, then ask
him to bring her round; the risk falls to medium. The CEO not seen since July, the COO's assistant
(the gatekeeper we went around) and the production manager who is against the new line come next.

## 2. The numbers are the analysis' own

Replaying the changes with `what_if`, one after the other, gives exactly the plan's numbers.""",
    ),
    (
        "code",
        """state = pm
for action in steps.to_dict("records"):
    state = state.what_if(action["contact"], **action["change"]).after
    print(action["rank"], action["coverage_after"], state.coverage()["coverage"], action["risk_after"],
          state.coverage()["risk"])""",
    ),
    (
        "md",
        """## 3. The paths

A path goes through people who support us (or whom we engage), prefers mid-level people, never jumps
over a manager on the reporting line, and never goes around an executive's gatekeeper. The plant
manager, our champion, brings us to the COO's assistant and brings the production manager round;
the controller, won in the first steps, brings us to the CFO herself.""",
    ),
    (
        "code",
        """names = pm.contacts.set_index("id")["name"]
longer = pm.plan(steps=7)
for action in longer.to_dict("records"):
    path = [names[p] for p in action["via"]] + [names.get(action["contact"], action["contact"])]
    print(action["rank"], action["kind"], " -> ".join(path))""",
    ),
    (
        "md",
        """## 4. The team's own relationships

A contacts sheet has one owner per person; a real team has several people who each know some of the
customer's people, and a depth they want to reach. A team table (`contact, member, relationship,
desired`) adds them: the analysis uses the strongest relationship, the plan picks who acts, and a
desired depth above the current one becomes an action. Here Priya Nair already knows the plant
controller, so the CFO is reachable at once, through Priya.""",
    ),
    (
        "code",
        """team = pd.DataFrame({"contact": ["M20", "M04"], "member": ["Priya Nair", "Tom Becker"],
                     "relationship": ["business", "business"], "desired": ["", "trusted"]})
pm.plan(steps=5, team=team)[["rank", "action", "member", "resolves", "risk_after"]]""",
    ),
    (
        "md",
        """## 5. On the map

The map lists the plan in its side panel; click an action to select the people on its path.
(`powermap html FILE --plan 5` writes the same page; `--redact` leaves owners out and never routes a
path through the inside coach.)""",
    ),
    ("code", """pm.map_view(plan=5, height=640)"""),
    (
        "md",
        """## 6. A whole pipeline

`portfolio.score(..., plan=True)` (the command line's `portfolio --plan`) adds each account's first
action as `plan_*` columns, from one re-analysis of all accounts at once.""",
    ),
    (
        "code",
        """from powermap import portfolio

table = pd.read_csv(SAMPLES / "pipeline.csv", dtype=str, keep_default_na=False)
result = portfolio.score(table, by="account", plan=True)
result.accounts[["account", "coverage", "risk", "plan_action", "plan_resolves", "plan_coverage_after"]].head(8)""",
    ),
    (
        "md",
        """A coach preparing the pipeline review wants more than one move for the deals most at risk late in
the sale. `plan=3` gives each account's first three steps as rows of `result.plans`, each exactly what
`pm.plan(steps=3)` gives for that account alone (`powermap portfolio FILE --by account -o OUT
--plan-out plans.csv --plan-steps 3` writes the same table).""",
    ),
    (
        "code",
        """late = result.accounts.query("risk == 'high' and stage >= 5").sort_values("coverage").head(3)
moves = portfolio.score(table[table["account"].isin(late["account"])], by="account", plan=3).plans
moves[["account", "step", "action", "resolves", "risk_after"]]""",
    ),
]


HISTORY = [
    (
        "md",
        """# A deal over time

A power map is a photograph: people join and leave, a skeptic comes round, a relationship goes quiet.
A coach reviewing the same deal every month asks **what changed since last time, and is the deal
getting better?** powermap keeps dated **snapshots** of each map in a store (a SQLite file here; a
PostgreSQL server for a team) with the analysis as it was computed that day, so history and diffs
never recompute.

This notebook builds four monthly versions of the sample account (Hartwell Precision Castings) in code,
saves each as a snapshot, and reads back the history, the diffs and the trend. From a shell the same
store is filled and read with `powermap snapshot FILE --store deals.db`, `powermap history ACCOUNT
--store deals.db` and `powermap diff ACCOUNT --store deals.db`.""",
    ),
    (
        "code",
        """import tempfile
from pathlib import Path
import matplotlib.pyplot as plt
import pandas as pd
import powermap

ROOT = Path.cwd() if (Path.cwd() / "data").exists() else Path.cwd().parent
base = pd.read_csv(ROOT / "data/samples/manufacturer.csv", dtype=str, keep_default_na=False)
links = pd.read_csv(ROOT / "data/samples/manufacturer_links.csv", dtype=str, keep_default_na=False)

def edit(frame, person, **values):
    frame = frame.copy()
    for column, value in values.items():
        frame.loc[frame["id"] == person, column] = value
    return frame

# August: early days. Only the plant team is engaged; the CFO (M05) is a blocker we have never met
august = base
for person in ("M01", "M04", "M11", "M14", "M16"):
    august = edit(august, person, relationship="0")
# September: meetings with the CEO and the VP Engineering; the CFO softens to skeptic after the payback workshop
september = edit(edit(edit(august, "M01", relationship="1"), "M04", relationship="2"), "M05", stance="-1")
# October: the engineers are on board, and a finance director joins the CFO's team and supports us
newcomer = {column: "" for column in base.columns} | {
    "id": "M90", "name": "Nina Vogel", "title": "Finance Director", "department": "Finance", "level": "mid",
    "reports_to": "M05", "roles": "finance", "influence": "4", "stance": "1", "relationship": "1",
    "owner": "Dana Ruiz", "last_contact": "2026-10-08"}
october = edit(edit(edit(september, "M11", relationship="1"), "M16", relationship="2"), "M14", relationship="1")
october = pd.concat([october, pd.DataFrame([newcomer])], ignore_index=True)
# November: the CFO is with us; but nobody has spoken to the CEO (M01) since July: a stale contact
november = edit(october, "M05", stance="1", relationship="2", last_contact="2026-11-04")

months = {"2026-08-15": august, "2026-09-15": september, "2026-10-15": october, "2026-11-15": november}
store = powermap.Store(Path(tempfile.mkdtemp()) / "deals.db")
for as_of, contacts in months.items():
    pm = powermap.from_frame(contacts, links, name="Hartwell Precision Castings", stage=4,
                             technicality="high", as_of=as_of)
    print(store.save(pm))""",
    ),
    (
        "md",
        """## 1. The history

One row per snapshot: people on the map, coverage (0-100), risk and how many gaps, exactly as they
were computed on the day.""",
    ),
    (
        "code",
        """history = store.history("Hartwell Precision Castings")
history[["as_of", "people", "links", "coverage", "risk", "n_gaps", "gaps"]]""",
    ),
    (
        "code",
        """fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 4.8), sharex=True)
days = pd.to_datetime(history["as_of"])
top.axhspan(0, 45, color="#ffebee"); top.axhspan(45, 70, color="#fff3e0"); top.axhspan(70, 100, color="#e8f5e9")
top.plot(days, history["coverage"], marker="o", color="#37474f")
for x, y in zip(days, history["coverage"]):
    top.annotate(f"{y:.0f}", (x, y), textcoords="offset points", xytext=(0, 6), ha="center")
top.set_ylim(0, 110)
top.set_ylabel("coverage")
top.set_title("Hartwell: coverage and gaps month by month")
bottom.bar(days, history["n_gaps"], width=12, color="#78909c")
bottom.set_ylabel("gaps")
fig.autofmt_xdate()
plt.show()""",
    ),
    (
        "md",
        """## 2. What changed since last review

`store.diff(account)` compares the last two snapshots (or any two dates): people added and removed,
each changed field with its value before and after, links added and removed, gaps opened and closed,
and coverage and risk before and after. The tables are tidy frames; `to_dict()` is the JSON that
`powermap diff --format json` prints.""",
    ),
    (
        "code",
        """change = store.diff("Hartwell Precision Castings")
print(f"{change.before} -> {change.after}: coverage {change.coverage[0]} -> {change.coverage[1]}, "
      f"risk {change.risk[0]} -> {change.risk[1]}")
change.people""",
    ),
    ("code", """change.gaps[["change", "code", "severity", "contacts"]]"""),
    (
        "md",
        """## 3. The whole quarter

The same diff from the first snapshot to the last: what three months of work changed.""",
    ),
    (
        "code",
        """quarter = store.diff("Hartwell Precision Castings", "2026-08-15", "2026-11-15")
summary = quarter.to_dict()
{"people added": summary["people"]["added"], "gaps opened": summary["gaps"]["opened"],
 "gaps closed": summary["gaps"]["closed"], "coverage": summary["coverage"], "risk": summary["risk"]}""",
    ),
    (
        "code",
        """steps = [store.diff("Hartwell Precision Castings", a, b) for a, b in zip(history["as_of"], history["as_of"][1:])]
flow = pd.DataFrame({"month": [str(d.after) for d in steps],
                     "opened": [int((d.gaps["change"] == "opened").sum()) for d in steps],
                     "closed": [int((d.gaps["change"] == "closed").sum()) for d in steps],
                     "field changes": [int((d.people["change"] == "changed").sum()) for d in steps]})
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(flow["month"], flow["closed"], color="#2e7d32", label="gaps closed")
ax.bar(flow["month"], -flow["opened"], color="#c62828", label="gaps opened")
ax.axhline(0, color="#263238", linewidth=0.8)
ax.set_title("Gaps closed (up) and opened (down) each month")
ax.legend()
plt.show()
flow""",
    ),
    (
        "md",
        """## 4. Back to any month

`store.load(account, as_of)` gives the map exactly as it was saved, with the same analysis, so an old
review can be reopened, drawn or exported.""",
    ),
    (
        "code",
        """september_map = store.load("Hartwell Precision Castings", "2026-09-15")
assert september_map.coverage()["coverage"] == history.loc[1, "coverage"]
september_map.gaps()[["code", "severity", "message"]]""",
    ),
    (
        "md",
        """The coach's report takes the store too: `powermap report FILE --store deals.db -o report.html` adds a
**Since last review** section (the diff against the account's previous snapshot) and a coverage-over-time
chart.""",
    ),
    ("code", """store.close()"""),
]

NOTEBOOKS = [
    (QUICKSTART, "01-quickstart.ipynb"),
    (INTERACTIVE, "02-interactive-power-map.ipynb"),
    (COACH, "03-coach-pipeline-review.ipynb"),
    (LEARN, "04-learn-from-history.ipynb"),
    (PLAN, "05-plan-the-next-moves.ipynb"),
    (HISTORY, "06-deal-over-time.ipynb"),
]


def main() -> None:
    for cells, name in NOTEBOOKS:
        nbformat.write(notebook(cells), HERE / name)


if __name__ == "__main__":
    main()
