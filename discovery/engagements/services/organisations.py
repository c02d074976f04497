"""Organisations: one row per client, however its name is spelled."""

from discovery.models import Organisation, normalise_organisation_name


def organisation_get_or_create(*, name: str, industry: str = "", fill_missing_industry: bool = True) -> Organisation:
    """The organisation `name` refers to ("ACME Ltd." and "acme" are one), created if new.

    Used by the public intake and by consultants creating workshop engagements, so both
    de-duplicate the same way. A known organisation without an industry takes the one given,
    unless `fill_missing_industry` is off (public intake never changes a stored organisation).
    """
    organisation, created = Organisation.objects.get_or_create(
        normalised_name=normalise_organisation_name(name),
        defaults={"name": name.strip(), "industry": industry.strip()},
    )
    if fill_missing_industry and not created and not organisation.industry and industry.strip():
        organisation.industry = industry.strip()
        organisation.save(update_fields=["industry"])
    return organisation
