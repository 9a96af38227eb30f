"""Audit: live zone vs record file vs Terraform state, reported as drift categories."""
