"""The service catalogue (服务事项): drafts, versions, publication and retirement."""
