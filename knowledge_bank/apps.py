from django.apps import AppConfig


class KnowledgeBankConfig(AppConfig):
    name = "knowledge_bank"
    verbose_name = "Knowledge bank"
