"""The planning app's entry points for pages, exports and other apps, split by concern:

- `direction`: institution direction and unit KPI targets (B 1.1–1.2, 2.1–2.3);
- `assessment`: self-assessment and its gaps (B 4.2);
- `drafting`: open an IDP, fill B, edit C rows, the method hint;
- `dialogue`: dialogue windows, submit / return / agree, quarterly follow-ups (E rows, D adjustments);
- `verification`: Formulir 2 rows per kelompok keahlian, CLO decisions (D rows);
- `recap`: the CLO recap per level;
- `forums`: learning forums per level, attendance, decisions → programmes, the answer per IDP row;
- `calendar`: the learning calendar, an employee's programmes, the ICS feed token;
- `realised`: realised JP per C/D row from the ledger;
- `tasks`: tasks, deadlines and reminders.

Who may *see* a plan is the access policy's (`corpu.access.can_view_plan` and friends); these services check who
may *do* each step and audit every change.
"""
