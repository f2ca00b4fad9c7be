"""Imprint, privacy policy and contact: texts the operator writes per language (docs/deployment.md)."""
