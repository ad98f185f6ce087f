"""The auditor's questions: features/audit/{provenance,corrections,tamper}.feature, on the sentences the
package ships: where every fact came from, who changed a fact, when and why, and whether the log was
altered behind the ledger's back (tried on a scratch copy)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("audit")
