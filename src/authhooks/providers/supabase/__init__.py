"""Supabase Auth hooks: Standard Webhooks signatures; typed hook inputs and answers."""

from authhooks.providers.supabase.answers import (
    REQUIRED_CLAIMS as REQUIRED_CLAIMS,
    CustomAccessTokenResponse as CustomAccessTokenResponse,
    HookError as HookError,
    HookResponse as HookResponse,
    HTTPAnswer as HTTPAnswer,
    MFAVerificationResponse as MFAVerificationResponse,
    PasswordVerificationResponse as PasswordVerificationResponse,
    SuccessResponse as SuccessResponse,
    to_response as to_response,
)
from authhooks.providers.supabase.entities import (
    SMS as SMS,
    AccessTokenClaims as AccessTokenClaims,
    AMREntry as AMREntry,
    EmailData as EmailData,
    Factor as Factor,
    HookMetadata as HookMetadata,
    Identity as Identity,
    User as User,
)
from authhooks.providers.supabase.models import (
    HOOKS as HOOKS,
    AfterUserCreated as AfterUserCreated,
    BeforeUserCreated as BeforeUserCreated,
    CustomAccessToken as CustomAccessToken,
    MFAVerificationAttempt as MFAVerificationAttempt,
    PasswordVerificationAttempt as PasswordVerificationAttempt,
    SendEmail as SendEmail,
    SendSMS as SendSMS,
    SupabaseEvent as SupabaseEvent,
    SupabaseGenericEvent as SupabaseGenericEvent,
)
from authhooks.providers.supabase.receiver import Supabase as Supabase
