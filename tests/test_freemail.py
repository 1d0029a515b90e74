"""The bundled list of free e-mail providers."""

from __future__ import annotations

import pytest

from leadqual._freemail import free_email_domains, is_free_email_domain


class TestIsFreeEmailDomain:
    """``is_free_email_domain``."""

    @pytest.mark.parametrize(
        "domain", ["gmail.com", "Hotmail.com", "ziggo.nl", "kpnmail.nl", "telenet.be", "gmx.de"]
    )
    def test_free(self, domain: str) -> None:
        """Well-known consumer providers are free, any case."""
        assert is_free_email_domain(domain)

    @pytest.mark.parametrize(
        "domain",
        [
            "pt.lu",
            "hotmail.dk",
            "tiscali.nl",
            "wanadoo.nl",
            "versatel.nl",
            "onsmail.nl",
            "delta.nl",
        ],
    )
    def test_regional_providers(self, domain: str) -> None:
        """Dutch, Luxembourg and Danish consumer providers (used by the dataset generator)."""
        assert is_free_email_domain(domain)

    def test_dataset_generator_free_mail_is_listed(self) -> None:
        """Every free-mail domain the synthetic dataset hands out is known as free."""
        from leadqual.datasets import _vocabulary  # noqa: PLC0415 - only this test needs it

        used = {domain for country in _vocabulary().countries for domain in country.free_mail}
        assert used <= free_email_domains()

    @pytest.mark.parametrize("domain", ["vdberg-metaal.nl", "acme.com", None])
    def test_business(self, domain: str | None) -> None:
        """Company domains and unknown domains are not."""
        assert not is_free_email_domain(domain)

    def test_list_is_clean(self) -> None:
        """Entries are lower case, without comments or blanks."""
        domains = free_email_domains()
        assert len(domains) > 40
        assert all(d == d.strip().lower() and "." in d and "#" not in d for d in domains)
