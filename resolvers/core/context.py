"""The per-request context every resolver receives (built by the gateway, or by a job)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from permissions.audit import Actor, PiiReads
from permissions.compiled import CompiledPermissions
from permissions.policy_cache import PolicyCache
from resolvers.core.dataloaders import Loaders
from resolvers.core.errors import ErrorCode, UserError
from resolvers.core.principal import Principal
from resolvers.core.settings import Settings


@dataclass(frozen=True)
class AuthError:
    """Why the credential shown was refused: `message` for the console, `en` in English."""

    message: str
    en: str


@dataclass
class RequestContext:
    settings: Settings
    policies: PolicyCache
    principal: Principal | None
    request_id: str
    client_address: str | None = None
    auth_error: AuthError | None = None  # why the credential shown was refused
    # The caller showed FEDERATION_SDL_TOKEN: a federation gateway fetching the SDL.
    federation_gateway: bool = False
    request: Any = None
    response: Any = None
    pii: PiiReads = field(default_factory=PiiReads)
    queue: Any = None  # arq pool; None where no Redis is configured (the sweeper delivers)
    jobs_after_commit: list[str] = field(default_factory=list)
    # Set by `access_changed`: run_mutation publishes the change once it committed.
    access_change_pending: bool = False
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.principal.perms if self.principal else None)

    @property
    def actor(self) -> Actor:
        p = self.principal
        return Actor(
            username=p.username if p else "anonymous",
            token_id=p.token_id if p else None,
            client_address=self.client_address,
            request_id=self.request_id,
        )

    def access_changed(self) -> None:
        """Grants, policy lines, an account's state or a token changed: this process forgets
        its cached access state now, and — after commit — every process does
        (run_mutation → PolicyCache.publish)."""
        self.policies.invalidate()
        self.access_change_pending = True

    def require_principal(self) -> Principal:
        if self.principal is None:
            if self.auth_error is None:
                raise UserError(None, ErrorCode.UNAUTHENTICATED, "请先登录",
                                "sign in first (Authorization: Bearer <token>)")  # fmt: skip
            raise UserError(None, ErrorCode.UNAUTHENTICATED, self.auth_error.message, self.auth_error.en)
        return self.principal

    @property
    def perms(self) -> CompiledPermissions:
        return self.require_principal().perms
