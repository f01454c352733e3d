"""Who may do what where: the Casbin model, compiled scopes, SQL filters, masking, audit."""
