"""The typed environment helper: every bad value stops the process with a clear message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms.env import env_bool, env_int, env_list, env_optional, env_str


class TestEnvStr:
    def test_it_returns_the_value_without_surrounding_blanks(self, monkeypatch):
        monkeypatch.setenv("LMS_TEST_VALUE", "  hej  ")
        assert env_str("LMS_TEST_VALUE") == "hej"

    def test_it_falls_back_to_the_default(self, monkeypatch):
        monkeypatch.delenv("LMS_TEST_VALUE", raising=False)
        assert env_str("LMS_TEST_VALUE", "standard") == "standard"

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_a_missing_required_variable_is_an_error_naming_it(self, monkeypatch, value):
        if value is None:
            monkeypatch.delenv("LMS_TEST_VALUE", raising=False)
        else:
            monkeypatch.setenv("LMS_TEST_VALUE", value)
        with pytest.raises(ImproperlyConfigured, match="LMS_TEST_VALUE must be set"):
            env_str("LMS_TEST_VALUE")


class TestEnvOptional:
    def test_unset_and_empty_are_none(self, monkeypatch):
        monkeypatch.delenv("LMS_TEST_VALUE", raising=False)
        assert env_optional("LMS_TEST_VALUE") is None
        monkeypatch.setenv("LMS_TEST_VALUE", " ")
        assert env_optional("LMS_TEST_VALUE") is None

    def test_a_value_is_returned(self, monkeypatch):
        monkeypatch.setenv("LMS_TEST_VALUE", "redis://127.0.0.1:6379/1")
        assert env_optional("LMS_TEST_VALUE") == "redis://127.0.0.1:6379/1"


class TestEnvBool:
    @pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " true "])
    def test_clear_spellings_of_true(self, monkeypatch, value):
        monkeypatch.setenv("LMS_TEST_FLAG", value)
        assert env_bool("LMS_TEST_FLAG", False) is True

    @pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "off", ""])
    def test_clear_spellings_of_false(self, monkeypatch, value):
        monkeypatch.setenv("LMS_TEST_FLAG", value)
        assert env_bool("LMS_TEST_FLAG", True) is False

    def test_unset_gives_the_default(self, monkeypatch):
        monkeypatch.delenv("LMS_TEST_FLAG", raising=False)
        assert env_bool("LMS_TEST_FLAG", True) is True

    @pytest.mark.parametrize("value", ["ja", "2", "enabled", "t"])
    def test_anything_else_is_an_error(self, monkeypatch, value):
        monkeypatch.setenv("LMS_TEST_FLAG", value)
        with pytest.raises(ImproperlyConfigured, match="LMS_TEST_FLAG.*not a boolean"):
            env_bool("LMS_TEST_FLAG", False)


class TestEnvInt:
    def test_a_whole_number(self, monkeypatch):
        monkeypatch.setenv("LMS_TEST_NUMBER", " 587 ")
        assert env_int("LMS_TEST_NUMBER", 25) == 587

    @pytest.mark.parametrize("value", [None, ""])
    def test_unset_or_empty_gives_the_default(self, monkeypatch, value):
        if value is None:
            monkeypatch.delenv("LMS_TEST_NUMBER", raising=False)
        else:
            monkeypatch.setenv("LMS_TEST_NUMBER", value)
        assert env_int("LMS_TEST_NUMBER", 25) == 25

    @pytest.mark.parametrize("value", ["25.5", "femogtyve", "1e3", "0x19"])
    def test_anything_else_is_an_error(self, monkeypatch, value):
        monkeypatch.setenv("LMS_TEST_NUMBER", value)
        with pytest.raises(ImproperlyConfigured, match="LMS_TEST_NUMBER.*not a whole number"):
            env_int("LMS_TEST_NUMBER", 25)


class TestEnvList:
    def test_it_splits_on_commas_and_drops_blanks(self, monkeypatch):
        monkeypatch.setenv("LMS_TEST_HOSTS", " almenlaering.dk, ,www.almenlaering.dk,, ")
        assert env_list("LMS_TEST_HOSTS") == ["almenlaering.dk", "www.almenlaering.dk"]

    def test_unset_gives_a_copy_of_the_default(self, monkeypatch):
        monkeypatch.delenv("LMS_TEST_HOSTS", raising=False)
        default = ["localhost"]
        result = env_list("LMS_TEST_HOSTS", default)
        assert result == ["localhost"]
        result.append("changed")
        assert default == ["localhost"]

    def test_a_missing_required_list_is_an_error(self, monkeypatch):
        monkeypatch.delenv("LMS_TEST_HOSTS", raising=False)
        with pytest.raises(ImproperlyConfigured, match="LMS_TEST_HOSTS must be set"):
            env_list("LMS_TEST_HOSTS")
