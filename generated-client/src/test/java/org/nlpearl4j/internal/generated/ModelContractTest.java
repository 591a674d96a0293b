package org.nlpearl4j.internal.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nlpearl4j.internal.generated.api.OutboundApi;
import org.nlpearl4j.internal.generated.model.AgentChatMessageApiView;
import org.nlpearl4j.internal.generated.model.CallCollectedDataApiView;
import org.nlpearl4j.internal.generated.model.CollectedInfoView;
import org.nlpearl4j.internal.generated.model.LeadApiView;
import org.nlpearl4j.internal.generated.model.LeadLastCallApiView;
import org.nlpearl4j.internal.generated.model.LeadToAddApi;
import org.nlpearl4j.internal.generated.model.LeadToAddResponseApi;
import org.nlpearl4j.internal.generated.model.LeadToUpdateApi;
import org.nlpearl4j.internal.generated.model.ValidationProblemDetails;
import org.nlpearl4j.internal.generated.support.ApiMoshi;

/** The shapes the dsl codes against: types, accessors, nullness and value semantics. */
class ModelContractTest {
  static Stream<Class<?>> models() {
    return Stream.of(AgentChatMessageApiView.class, CallCollectedDataApiView.class, CollectedInfoView.class,
        LeadApiView.class, LeadLastCallApiView.class, LeadToAddApi.class, LeadToAddResponseApi.class,
        LeadToUpdateApi.class, ValidationProblemDetails.class);
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyModelIsAFinalBeanWithFluentSettersAndNullableGetters(Class<?> model) throws Exception {
    assertThat(Modifier.isFinal(model.getModifiers())).isTrue();
    assertThat(model.getConstructor().newInstance()).isNotNull();
    List<Method> getters = Arrays.stream(model.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("get")
            && !m.getName().equals("getExtensions"))
        .collect(Collectors.toList());
    assertThat(getters).isNotEmpty();
    for (Method getter : getters) {
      String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      assertThat(getter.getAnnotatedReturnType().isAnnotationPresent(Nullable.class))
          .as("%s.%s() is @Nullable", model.getSimpleName(), getter.getName()).isTrue();
      Method fluent = model.getMethod(property, getter.getReturnType());
      assertThat(fluent.getReturnType()).isEqualTo(model);
      Method setter = model.getMethod("set" + getter.getName().substring(3), getter.getReturnType());
      assertThat(setter.getReturnType()).isEqualTo(void.class);
    }
    assertThat(model.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
  }

  @Test
  void propertyTypesFollowThePlannedContract() throws Exception {
    assertThat(LeadApiView.class.getMethod("getStatus").getReturnType()).isEqualTo(Integer.class);
    assertThat(LeadApiView.class.getMethod("getCreated").getReturnType()).isEqualTo(OffsetDateTime.class);
    assertThat(LeadApiView.class.getMethod("getLastCall").getReturnType()).isEqualTo(LeadLastCallApiView.class);
    assertThat(LeadApiView.class.getMethod("getCollectedData").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.lang.Object>");
    assertThat(LeadApiView.class.getMethod("getCallData").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.lang.String>");
    assertThat(LeadLastCallApiView.class.getMethod("getStatus").getReturnType()).isEqualTo(Integer.class);
    assertThat(LeadLastCallApiView.class.getMethod("getDuration").getReturnType()).isEqualTo(Integer.class);
    assertThat(LeadLastCallApiView.class.getMethod("getStartTime").getReturnType()).isEqualTo(OffsetDateTime.class);
    assertThat(LeadLastCallApiView.class.getMethod("getCollectedData").getReturnType())
        .isEqualTo(CallCollectedDataApiView.class);
    assertThat(AgentChatMessageApiView.class.getMethod("getRole").getReturnType()).isEqualTo(Integer.class);
    assertThat(AgentChatMessageApiView.class.getMethod("getStartTime").getReturnType()).isEqualTo(Float.class);
    assertThat(CollectedInfoView.class.getMethod("getValue").getReturnType()).isEqualTo(Object.class);
    assertThat(LeadToUpdateApi.class.getMethod("getStatus").getReturnType()).isEqualTo(Integer.class);
    Type errors = ValidationProblemDetails.class.getMethod("getErrors").getGenericReturnType();
    assertThat(errors.getTypeName()).isEqualTo("java.util.Map<java.lang.String, java.util.List<java.lang.String>>");
    Method extensions = ValidationProblemDetails.class.getMethod("getExtensions");
    assertThat(extensions.getReturnType()).isEqualTo(Map.class);
    assertThat(extensions.getAnnotatedReturnType().isAnnotationPresent(Nullable.class)).isFalse();
  }

  @Test
  void containerElementsAreNullableExactlyWhereJsonNullIsAllowed() throws Exception {
    AnnotatedParameterizedType collectedData =
        (AnnotatedParameterizedType) LeadApiView.class.getMethod("getCollectedData").getAnnotatedReturnType();
    AnnotatedParameterizedType callData =
        (AnnotatedParameterizedType) LeadApiView.class.getMethod("getCallData").getAnnotatedReturnType();
    AnnotatedParameterizedType extensions = (AnnotatedParameterizedType)
        ValidationProblemDetails.class.getMethod("getExtensions").getAnnotatedReturnType();

    // additionalProperties: {} admits null values; additionalProperties: {type: string} does not.
    assertThat(collectedData.getAnnotatedActualTypeArguments()[1].isAnnotationPresent(Nullable.class)).isTrue();
    assertThat(callData.getAnnotatedActualTypeArguments()[1].isAnnotationPresent(Nullable.class)).isFalse();
    assertThat(extensions.getAnnotatedActualTypeArguments()[1].isAnnotationPresent(Nullable.class)).isTrue();
  }

  @Test
  void theRequiredPhoneNumberSetterTakesNoNull() throws Exception {
    Method fluent = LeadToAddApi.class.getMethod("phoneNumber", String.class);
    Method optional = LeadToAddApi.class.getMethod("externalId", String.class);

    assertThat(fluent.getAnnotatedParameterTypes()[0].isAnnotationPresent(Nullable.class)).isFalse();
    assertThat(optional.getAnnotatedParameterTypes()[0].isAnnotationPresent(Nullable.class)).isTrue();
  }

  @Test
  void outboundApiHasThePlannedOperations() throws Exception {
    assertThat(OutboundApi.class.getMethod("addLead", String.class, LeadToAddApi.class).getGenericReturnType()
        .getTypeName()).isEqualTo("io.reactivex.rxjava3.core.Single<" + LeadToAddResponseApi.class.getName() + ">");
    assertThat(OutboundApi.class.getMethod("updateLead", String.class, String.class, LeadToUpdateApi.class)
        .getGenericReturnType().getTypeName())
        .isEqualTo("io.reactivex.rxjava3.core.Single<" + LeadApiView.class.getName() + ">");
    assertThat(OutboundApi.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
    assertThat(ApiMoshi.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
  }

  @Test
  void valuesCompareByContentAndPrintTheirProperties() {
    LeadToAddApi one = new LeadToAddApi().phoneNumber("+14155550123").putCallDataItem("email", "joe@example.com");
    LeadToAddApi same = new LeadToAddApi().phoneNumber("+14155550123").putCallDataItem("email", "joe@example.com");
    LeadToAddApi other = new LeadToAddApi().phoneNumber("+14155550124").putCallDataItem("email", "joe@example.com");

    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo(null);
    assertThat(one.toString())
        .isEqualTo("LeadToAddApi{phoneNumber=+14155550123, externalId=null, timeZoneId=null, callData={email=joe@example.com}}");

    LeadApiView lead = new LeadApiView().addCallsIdItem("c-1").addCallsIdItem("c-2");
    assertThat(lead.getCallsId()).isEqualTo(new ArrayList<>(Arrays.asList("c-1", "c-2")));

    ValidationProblemDetails problem = new ValidationProblemDetails().title("t").putExtension("traceId", "x");
    assertThat(problem).isNotEqualTo(new ValidationProblemDetails().title("t"));
    assertThat(problem.toString()).contains("traceId=x");
  }
}
